import { MsrpError } from '../errors.js';
import { MsrpStatus } from '../message/status-codes.js';
import { formatMsrpUri, msrpUriKey, parseMsrpUri, type MsrpUri } from '../uri/msrp-uri.js';

/** What `MsrpSessionRegistry.bind` decided, with the status to answer the request with. */
export type MsrpSessionBinding<Connection> =
  | {
      /** The session is now (or already was) bound to this connection: go on with the request. */
      readonly status: 200;
      readonly connection: Connection;
    }
  | {
      /** RFC 4975 §5.4, §10.10: the session is bound to another connection; answer 506. */
      readonly status: 506;
      /** The connection that holds the session. */
      readonly connection: Connection;
      readonly error: MsrpError;
    };

/**
 * Which connection each MSRP session is bound to (RFC 4975 §5.4). The first request for a session
 * binds it to the connection it arrived on; "the node MUST also check to make sure the session is
 * not already in use on another connection. If the session is already in use, it MUST reject the
 * request with a 506 response" (§10.10: "the sender should cease sending messages for that session
 * on this connection"). When a connection fails, its sessions fail with it (§5.4): `release` frees
 * them. Pure bookkeeping: the caller answers 506 and keeps the connection open. Sessions are keyed
 * by their URI under the RFC 4975 §6.1 comparison; `Connection` is any key the caller uses for a
 * connection (a string, an object).
 */
export class MsrpSessionRegistry<Connection = string> {
  readonly #byUri = new Map<string, { uri: MsrpUri; connection: Connection }>();

  /** Number of bound sessions. */
  get size(): number {
    return this.#byUri.size;
  }

  /**
   * Binds the session `sessionUri` (the To-Path URI of a request) to `connection`, unless another
   * connection holds it: then the answer is 506 with a `SESSION_IN_USE` error.
   */
  bind(sessionUri: MsrpUri | string, connection: Connection): MsrpSessionBinding<Connection> {
    const uri = typeof sessionUri === 'string' ? parseMsrpUri(sessionUri) : sessionUri;
    const key = msrpUriKey(uri);
    const bound = this.#byUri.get(key);
    if (bound === undefined) {
      this.#byUri.set(key, { uri, connection });
      return { status: MsrpStatus.OK, connection };
    }
    if (bound.connection === connection) {
      return { status: MsrpStatus.OK, connection };
    }
    return {
      status: MsrpStatus.WRONG_CONNECTION,
      connection: bound.connection,
      error: new MsrpError(
        'SESSION_IN_USE',
        `session ${formatMsrpUri(uri)} is already bound to another connection (506, RFC 4975 §5.4)`,
      ),
    };
  }

  /** The connection a session is bound to, if any. */
  connectionOf(sessionUri: MsrpUri | string): Connection | undefined {
    const uri = typeof sessionUri === 'string' ? parseMsrpUri(sessionUri) : sessionUri;
    return this.#byUri.get(msrpUriKey(uri))?.connection;
  }

  /**
   * Unbinds a session that ended (a new SDP exchange makes new URIs, RFC 4975 §5.4). With
   * `connection`, only when that connection holds it. Returns whether something was unbound.
   */
  unbind(sessionUri: MsrpUri | string, connection?: Connection): boolean {
    const uri = typeof sessionUri === 'string' ? parseMsrpUri(sessionUri) : sessionUri;
    const key = msrpUriKey(uri);
    const bound = this.#byUri.get(key);
    if (bound === undefined || (connection !== undefined && bound.connection !== connection)) {
      return false;
    }
    return this.#byUri.delete(key);
  }

  /** A connection closed or failed: unbinds its sessions and returns their URIs (§5.4). */
  release(connection: Connection): MsrpUri[] {
    const released: MsrpUri[] = [];
    for (const [key, bound] of this.#byUri) {
      if (bound.connection === connection) {
        this.#byUri.delete(key);
        released.push(bound.uri);
      }
    }
    return released;
  }
}
