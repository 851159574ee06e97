import { randomUUID } from 'node:crypto';

/**
 * Long operations (collection, export, fixes): each gets an id and an AbortController that
 * every network call under it honours. `cancel(id)` is the one way to stop one.
 */
export class OperationRegistry {
  private readonly running = new Map<string, AbortController>();

  start(run: (signal: AbortSignal, id: string) => Promise<void>): string {
    const id = randomUUID();
    const controller = new AbortController();
    this.running.set(id, controller);
    void run(controller.signal, id).finally(() => this.running.delete(id));
    return id;
  }

  cancel(id: string): boolean {
    const controller = this.running.get(id);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }

  get size(): number {
    return this.running.size;
  }
}
