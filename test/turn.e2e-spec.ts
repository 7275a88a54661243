import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import wrtc from '@roamhq/wrtc';
import { RtcDataChannelAdapter } from '@parley/transport';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { CollectedProcess } from './support/process.js';
import { pollUntil } from './support/poll-until.js';
import { SignalingTestClient } from './support/signaling-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

// A real coturn (Debian package `coturn`, installed by .ci/run) with the shared-secret scheme the
// server's TURN credentials follow: a client allowed to use relay candidates only reaches the
// server's data channels through it with the credentials it got on join, and not with others.

const TURN_SECRET = 'turn-secret-for-the-tests-0123456789';
const TURN_PORT = 34_780 + (process.pid % 500);

/** An IPv4 address of this machine that is not loopback (in the test namespace: 10.77.0.1). */
function hostAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) {
        return address.address;
      }
    }
  }
  throw new Error('no non-loopback IPv4 address: run the tests with `npm test` (test namespace)');
}

let turn: CollectedProcess;
let server: TestServer;
const address = hostAddress();

beforeAll(async () => {
  if (!existsSync('/usr/bin/turnserver')) {
    throw new Error('coturn is missing: install the Debian package coturn (.ci/run does)');
  }
  turn = new CollectedProcess(
    spawn(
      '/usr/bin/turnserver',
      [
        '-n', // no configuration file
        `--listening-ip=${address}`,
        `--relay-ip=${address}`,
        `--listening-port=${String(TURN_PORT)}`,
        '--min-port=49300',
        '--max-port=49400',
        '--use-auth-secret',
        `--static-auth-secret=${TURN_SECRET}`,
        '--realm=parley.test',
        '--no-cli',
        '--no-tls',
        '--no-dtls',
        '--fingerprint',
        '--log-file=stdout',
        '--simple-log',
        '--verbose',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  await turn.waitFor(/Total General servers|IPv4\. UDP listener opened on/);
  server = await startTestServer({
    TURN_URLS: `turn:${address}:${String(TURN_PORT)}?transport=udp`,
    TURN_SHARED_SECRET: TURN_SECRET,
  });
});

afterAll(async () => {
  await server.close();
  turn.kill();
  await turn.exited;
});

interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Gathers the candidates of a relay-only peer connection with `iceServers`. */
async function relayCandidates(iceServers: IceServer[]): Promise<string[]> {
  const pc = new wrtc.RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
  const candidates: string[] = [];
  pc.onicecandidate = ({ candidate }) => {
    if (candidate?.candidate) {
      candidates.push(candidate.candidate);
    }
  };
  pc.createDataChannel('probe');
  await pc.setLocalDescription(await pc.createOffer());
  await pollUntil(() => (pc.iceGatheringState === 'complete' ? true : undefined), {
    what: 'ICE gathering to complete',
  });
  pc.close();
  return candidates;
}

describe('TURN through a real coturn, with the credentials the server hands out on join', () => {
  it('connects a relay-only client to the server peer and opens a channel', async () => {
    const client = await SignalingTestClient.connect(server.wsUrl);
    const joined = await client.join(await server.token({ identity: 'ivan' }));
    const iceServers = joined.iceServers as IceServer[];
    expect(iceServers).toEqual([
      {
        urls: [`turn:${address}:${String(TURN_PORT)}?transport=udp`],
        username: expect.stringMatching(/^\d{10}:ivan$/) as unknown as string,
        credential: expect.any(String) as unknown as string,
      },
    ]);

    const pc = new wrtc.RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
    const remoteDescriptionSet = client.trickleIce(pc);
    const bfcp = new RtcDataChannelAdapter(pc.createDataChannel('floor', { protocol: 'bfcp' }));
    await pc.setLocalDescription(await pc.createOffer());
    client.send({ type: 'offer', sdp: pc.localDescription?.sdp ?? '' });
    const answer = await client.next('answer');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    remoteDescriptionSet();
    await pollUntil(() => (bfcp.state === 'open' ? true : undefined), {
      what: 'the channel to open through the relay',
      timeoutMs: 20_000,
    });
    await pollUntil(() => (pc.iceGatheringState === 'complete' ? true : undefined), {
      what: 'ICE gathering to complete',
    });
    const gathered = (pc.localDescription?.sdp ?? '').match(/^a=candidate:.*$/gm) ?? [];
    expect(gathered.length).toBeGreaterThan(0);
    expect(gathered.every((c) => / typ relay /.test(c))).toBe(true);
    // coturn saw an allocation for that user name.
    await turn.waitFor(/ALLOCATE processed, success/);
    expect(turn.stdout).toContain(`:ivan`);
    pc.close();
    client.close();
  });

  it('gives no relay to credentials that were not derived from the shared secret', async () => {
    const client = await SignalingTestClient.connect(server.wsUrl);
    const joined = await client.join(await server.token({ identity: 'judy' }));
    client.close();
    const [turnServer] = joined.iceServers as IceServer[];
    const good = await relayCandidates([turnServer as IceServer]);
    expect(good.some((c) => / typ relay /.test(c))).toBe(true);
    const forged = await relayCandidates([{ ...(turnServer as IceServer), credential: 'forged' }]);
    expect(forged).toEqual([]);
  });
});
