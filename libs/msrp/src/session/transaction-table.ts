import type { Clock, TimerHandle } from '@parley/transport';
import { MsrpTransactionError } from '../errors.js';
import type { MsrpResponse } from '../message/msrp-chunk.js';
import type { Deferred } from './deferred.js';
import type { OutgoingTransfer } from './outgoing-transfer.js';

/** A request we sent that waits for its response: a chunk of a message, or a non-SEND request. */
export interface Transaction {
  readonly transfer: OutgoingTransfer | undefined;
  readonly pending: Deferred<MsrpResponse> | undefined;
  /** Undefined until the request is written. */
  timer: TimerHandle;
}

/**
 * The transactions waiting for a response, each with its timer (RFC 4975 §7.1.1: 30 s by default,
 * started once the request is written). On expiry `onTimeout` gets a 408 MsrpTransactionError.
 */
export class TransactionTable {
  readonly #transactions = new Map<string, Transaction>();

  constructor(
    private readonly clock: Clock,
    readonly timeoutMs: number,
    private readonly onTimeout: (transaction: Transaction, error: MsrpTransactionError) => void,
  ) {}

  add(transactionId: string, transaction: Transaction): void {
    this.#transactions.set(transactionId, transaction);
  }

  /**
   * Starts the response timer of a written request still waiting. On expiry it is dropped and,
   * with `reportTimeout`, reported to `onTimeout` (Failure-Report: partial: no answer is success).
   */
  startTimer(transactionId: string, transaction: Transaction, reportTimeout: boolean): void {
    if (!this.#transactions.has(transactionId)) {
      return;
    }
    transaction.timer = this.clock.setTimeout(() => {
      this.#transactions.delete(transactionId);
      if (!reportTimeout) {
        return; // Failure-Report: partial: no answer is success.
      }
      this.onTimeout(
        transaction,
        new MsrpTransactionError(
          'TRANSACTION_TIMEOUT',
          `no response to transaction ${transactionId} within ${this.timeoutMs} ms`,
          408,
        ),
      );
    }, this.timeoutMs);
  }

  /** Removes a transaction and stops its timer; undefined when it is unknown or already over. */
  clear(transactionId: string): Transaction | undefined {
    const transaction = this.#transactions.get(transactionId);
    if (transaction) {
      this.#transactions.delete(transactionId);
      if (transaction.timer !== undefined) {
        this.clock.clearTimeout(transaction.timer);
      }
    }
    return transaction;
  }

  /** Removes every transaction (the session closes) and returns them. */
  clearAll(): Transaction[] {
    const all = [...this.#transactions];
    for (const [transactionId] of all) {
      this.clear(transactionId);
    }
    return all.map(([, transaction]) => transaction);
  }
}
