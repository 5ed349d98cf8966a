// A batch worker thread: parses the fonts once, then builds the documents the main thread hands it.
import { parentPort, workerData } from 'node:worker_threads';
import { FontSet, loadFontConfig } from '../fonts';
import { buildDocument } from './index';
import type { FromWorker, ToWorker, WorkerSetup } from './batch';
import { Timer } from './timer';
import { toWorkerError } from './worker-error';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const fonts = new FontSet(loadFontConfig(setup.settings.projectRoot));
const timer = new Timer();

port.on('message', async (m: ToWorker) => {
  if (m.type === 'done') {
    port.close();
    return;
  }
  let reply: FromWorker;
  try {
    reply = {
      type: 'result',
      file: m.file,
      result: await buildDocument(m.file, setup.outRoot, setup.settings, fonts, setup.options, timer),
    };
  } catch (e) {
    reply = { type: 'error', file: m.file, error: toWorkerError(e) };
  }
  port.postMessage(reply);
});
