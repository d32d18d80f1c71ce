// Run as a child process by publishFailures.test.ts: publishes to the local store in argv[2] and kills itself with
// SIGKILL right before the manifest PUT, as a crashed machine would, so nothing of the publish's own cleanup runs.
import { publishProduct } from '../../engine/publish/publishProduct';
import { LocalStore } from '../../engine/storage/localStore';
import { FailingStore } from '../helpers/failingStore';
import { samplesContract } from './fixtures';

const [, , root, input] = process.argv;
const store = new FailingStore(new LocalStore(root!), () => process.kill(process.pid, 'SIGKILL'));
void publishProduct({ store, contract: samplesContract(), inputs: [input!] });
