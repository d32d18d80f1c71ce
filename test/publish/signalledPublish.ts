// Run as a child process by stagingCleanup.test.ts: publishes to the local store in argv[2] and, right before the
// manifest PUT, sends itself the signal in argv[4] (SIGINT as a Ctrl-C, SIGTERM as a supervisor's stop) while the
// publish is still in flight: the manifest write never finishes, so only the signal can end the process.
import { publishProduct } from '../../engine/publish/publishProduct';
import { LocalStore } from '../../engine/storage/localStore';
import { FailingStore } from '../helpers/failingStore';
import { samplesContract } from './fixtures';

const [, , root, input, signal] = process.argv;

class SignalledStore extends FailingStore {
  override async put(key: string, body: Buffer | string, options?: { ifAbsent?: boolean }): Promise<void> {
    if (!key.endsWith('/_manifest.json')) return super.put(key, body, options);
    process.kill(process.pid, signal as NodeJS.Signals);
    await new Promise<never>(() => undefined);
  }
}

// Keeps the process alive until the signal arrives (a pending promise alone would not).
setInterval(() => undefined, 60_000);
void publishProduct({ store: new SignalledStore(new LocalStore(root!), () => undefined), contract: samplesContract(), inputs: [input!] });
