import { afterEach, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions } from '@parley/history';
import { migrations } from '@parley/migrations';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from './auth/token.service.js';
import { ParleyModule } from './parley.module.js';
import {
  ParleyOptionsError,
  resolveParleyOptions,
  type ParleyModuleOptions,
  type ResolvedParleyOptions,
} from './parley.options.js';
import { PARLEY_OPTIONS, WEBRTC_PROVIDER } from './parley.tokens.js';
import type { WebRtcProvider } from './webrtc/webrtc-provider.js';

const options: ParleyModuleOptions = {
  auth: { jwtSecret: 'module-test-module-test-module-test-01' },
  chat: { historyCount: 7 },
  floor: { floors: [{ floorId: 3, name: 'present' }] },
};

@Injectable()
class OptionsFactory {
  createParleyOptions(): ParleyModuleOptions {
    return options;
  }
}

@Module({ providers: [OptionsFactory], exports: [OptionsFactory] })
class OptionsModule {}

describe('ParleyModule, mounted in another NestJS app', () => {
  const dirs: string[] = [];
  let module: TestingModule | undefined;

  afterEach(async () => {
    await module?.close();
    module = undefined;
    for (const dir of dirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function mount(parley: ReturnType<typeof ParleyModule.forRoot>): Promise<TestingModule> {
    const dir = mkdtempSync(join(tmpdir(), 'parley-module-'));
    dirs.push(dir);
    module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot(
          buildDataSourceOptions(
            { type: 'sqlite', path: join(dir, 'db.sqlite') },
            { migrations, migrationsRun: true },
          ),
        ),
        parley,
      ],
    }).compile();
    await module.init();
    return module;
  }

  async function expectWorking(mounted: TestingModule): Promise<void> {
    const resolved = mounted.get<ResolvedParleyOptions>(PARLEY_OPTIONS);
    expect(resolved.chat.historyCount).toBe(7);
    expect(resolved.floor.floors).toEqual([{ floorId: 3, name: 'present' }]);
    expect(resolved.signaling.reconnectGraceMs).toBe(30_000);
    const tokens = mounted.get(TokenService);
    const token = await tokens.issue({ identity: 'ann', room: 'r', displayName: 'Ann' });
    expect(await tokens.verify(token)).toMatchObject({ identity: 'ann', room: 'r' });
  }

  it('forRoot', async () => {
    await expectWorking(await mount(ParleyModule.forRoot(options)));
  });

  it('forRootAsync with useFactory', async () => {
    await expectWorking(
      await mount(ParleyModule.forRootAsync({ useFactory: () => Promise.resolve(options) })),
    );
  });

  it('forRootAsync with useClass', async () => {
    await expectWorking(await mount(ParleyModule.forRootAsync({ useClass: OptionsFactory })));
  });

  it('forRootAsync with useExisting', async () => {
    await expectWorking(
      await mount(
        ParleyModule.forRootAsync({ imports: [OptionsModule], useExisting: OptionsFactory }),
      ),
    );
  });

  it('takes another WebRTC stack through webrtcProvider', async () => {
    const seen: ResolvedParleyOptions['webrtc'][] = [];
    const provider: WebRtcProvider = {
      createPeer: () => {
        throw new Error('not in this test');
      },
      shutdown: () => undefined,
    };
    const mounted = await mount(
      ParleyModule.forRoot({
        ...options,
        webrtc: { maxMessageSize: 65_536 },
        webrtcProvider: (webrtc) => {
          seen.push(webrtc);
          return provider;
        },
      }),
    );
    expect(mounted.get(WEBRTC_PROVIDER)).toBe(provider);
    expect(seen.map((w) => w.maxMessageSize)).toEqual([65_536]);
  });

  it('refuses invalid options with one error naming each problem', () => {
    const invalid = {
      auth: { jwtSecret: 'short' },
      ice: { turnUrls: ['turn:x:3478'] },
      floor: { floors: [] },
    };
    expect(() => resolveParleyOptions(invalid)).toThrow(ParleyOptionsError);
    expect(() => resolveParleyOptions(invalid)).toThrow(
      'auth.jwtSecret must be at least 32 characters; ice.turnSharedSecret is required with ice.turnUrls; floor.floors must be non-empty',
    );
  });
});
