/**
 * What start-up opened, closed in the reverse order on shutdown: adapters stop taking messages
 * first, in-flight messages finish, and Redis closes last. A failed start closes what it had opened.
 */
export class Closers {
  private readonly stack: (() => Promise<void> | void)[] = [];

  add(close: () => Promise<void> | void): void {
    this.stack.push(close);
  }

  /** Closes everything, newest first; one failing closer does not keep the others open. */
  async closeAll(): Promise<void> {
    const errors: unknown[] = [];
    for (let close = this.stack.pop(); close; close = this.stack.pop()) {
      try {
        await close();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, "shutdown: some parts failed to close");
  }
}
