import { ParleyClientError } from '../errors.js';
import type { FetchLike, FetchResponseLike } from '../platform.js';
import type {
  ChatPage,
  DevTokenRequest,
  FloorEventRecord,
  RoomParticipantRecord,
  TranscriptLine,
} from './rest-types.js';

/** The transcript formats of `GET /api/conferences/<room>/transcript[.txt|.vtt]`. */
export type TranscriptFormat = 'json' | 'text' | 'webvtt';

async function failure(response: FetchResponseLike, what: string): Promise<ParleyClientError> {
  let detail = response.statusText;
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') {
      detail = body.message;
    } else if (Array.isArray(body.message)) {
      detail = body.message.map(String).join('; ');
    }
  } catch {
    // not JSON: keep the status text
  }
  return new ParleyClientError('HTTP_ERROR', `${what}: ${response.status} ${detail}`, {
    status: response.status,
  });
}

/**
 * The REST API of a Parley server: history (chat pages, transcript, floor events, participants) and
 * the moderator actions, authenticated with the participant's token (Bearer).
 */
export class RestClient {
  constructor(
    /** http[s]://host[:port] */
    readonly baseUrl: string,
    private readonly token: string,
    private readonly fetch: FetchLike,
  ) {}

  /** `POST /api/dev/tokens`: a token from a development server (404 in production). */
  static async devToken(
    baseUrl: string,
    request: DevTokenRequest,
    fetch: FetchLike = (url, init) => globalThis.fetch(url, init),
  ): Promise<{ token: string; expiresIn: number }> {
    const response = await fetch(`${baseUrl}/api/dev/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (!response.ok) {
      throw await failure(response, 'issuing a development token');
    }
    return (await response.json()) as { token: string; expiresIn: number };
  }

  #room(room: string): string {
    return `${this.baseUrl}/api/conferences/${encodeURIComponent(room)}`;
  }

  async #get(url: string, what: string): Promise<FetchResponseLike> {
    const response = await this.fetch(url, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    if (!response.ok) {
      throw await failure(response, what);
    }
    return response;
  }

  async #post(url: string, what: string, body?: unknown, method = 'POST'): Promise<void> {
    const response = await this.fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      throw await failure(response, what);
    }
  }

  /** A page of chat messages visible to us, oldest first; `before` pages back from a cursor. */
  async messages(
    room: string,
    options: { before?: number; limit?: number } = {},
  ): Promise<ChatPage> {
    const query = new URLSearchParams();
    if (options.before !== undefined) {
      query.set('before', String(options.before));
    }
    if (options.limit !== undefined) {
      query.set('limit', String(options.limit));
    }
    const q = query.toString();
    const response = await this.#get(
      `${this.#room(room)}/messages${q ? `?${q}` : ''}`,
      'loading chat history',
    );
    return (await response.json()) as ChatPage;
  }

  async transcript(room: string): Promise<TranscriptLine[]> {
    const response = await this.#get(`${this.#room(room)}/transcript`, 'loading the transcript');
    return (await response.json()) as TranscriptLine[];
  }

  /** The real-time text transcript as plain text or WebVTT, ready to save. */
  async transcriptFile(room: string, format: 'text' | 'webvtt'): Promise<string> {
    const response = await this.#get(
      `${this.#room(room)}/transcript.${format === 'text' ? 'txt' : 'vtt'}`,
      'exporting the transcript',
    );
    return response.text();
  }

  async floorEvents(
    room: string,
    options: { after?: number; limit?: number } = {},
  ): Promise<FloorEventRecord[]> {
    const query = new URLSearchParams();
    if (options.after !== undefined) {
      query.set('after', String(options.after));
    }
    if (options.limit !== undefined) {
      query.set('limit', String(options.limit));
    }
    const q = query.toString();
    const response = await this.#get(
      `${this.#room(room)}/floor-events${q ? `?${q}` : ''}`,
      'loading floor events',
    );
    return (await response.json()) as FloorEventRecord[];
  }

  async participants(room: string): Promise<RoomParticipantRecord[]> {
    const response = await this.#get(`${this.#room(room)}/participants`, 'loading participants');
    return (await response.json()) as RoomParticipantRecord[];
  }

  /** Chair: grants the floor to the head of the queue. */
  grantNext(room: string, floorId: number): Promise<void> {
    return this.#post(`${this.#room(room)}/floors/${floorId}/grant-next`, 'granting the floor');
  }

  /** Chair: denies a waiting request. */
  deny(room: string, floorId: number, floorRequestId: number): Promise<void> {
    return this.#post(`${this.#room(room)}/floors/${floorId}/deny`, 'denying a request', {
      floorRequestId,
    });
  }

  /** Chair: takes a granted floor back. */
  revoke(room: string, floorId: number, floorRequestId: number): Promise<void> {
    return this.#post(`${this.#room(room)}/floors/${floorId}/revoke`, 'revoking the floor', {
      floorRequestId,
    });
  }

  /** Chair: lowers every raised hand on a floor. */
  lowerHands(room: string, floorId: number): Promise<void> {
    return this.#post(`${this.#room(room)}/floors/${floorId}/lower-hands`, 'lowering all hands');
  }

  /** Chair: removes a participant from the room. */
  removeParticipant(room: string, identity: string): Promise<void> {
    return this.#post(
      `${this.#room(room)}/participants/${encodeURIComponent(identity)}`,
      'removing a participant',
      undefined,
      'DELETE',
    );
  }
}
