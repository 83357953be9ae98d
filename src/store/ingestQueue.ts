import { type IngestInput, type IngestResult, ingest } from './ingest.js';
import { ingestMany } from './ingestMany.js';
import type { Store } from './open.js';

interface Waiting {
  input: IngestInput;
  resolve: (r: IngestResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Stores pages that are ready at the same moment (the answers of concurrent requests) together: what
 * arrives before the next turn of the event loop is written by one `ingestMany` (one transaction,
 * multi-row statements) instead of one transaction per page. A page waits at most that one turn. When the
 * group fails, each page is stored on its own, so one bad page fails only its own request.
 */
export class IngestQueue {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly store: Store,
    private readonly maxGroup = 50,
  ) {}

  add(input: IngestInput): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const group = this.waiting.splice(0, this.maxGroup);
    if (this.waiting.length > 0) this.schedule();
    if (group.length === 0) return;
    try {
      const results = await ingestMany(
        this.store,
        group.map((w) => w.input),
      );
      group.forEach((w, i) => {
        w.resolve(results[i]!);
      });
    } catch {
      for (const w of group)
        try {
          w.resolve(await ingest(this.store, w.input));
        } catch (e) {
          w.reject(new Error(`storing ${w.input.fetch.url.toString()} failed: ${(e as Error).message}`, { cause: e }));
        }
    }
  }
}
