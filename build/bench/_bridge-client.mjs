// A client of the browser-mode bridge as the page is one (ws-bridge-server.ts): the token from
// the host's URL, its Origin, invokes answered by id, events as they come. Used by
// build/bench/browser-responsiveness.mjs and the browser-mode tests.
import WebSocket from 'ws';

/** Connects to the bridge behind `url` (`http://127.0.0.1:PORT/#token=…`). */
export async function connectBridge(url) {
  const { origin, hash } = new URL(url);
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/bridge?token=${hash.replace(/^#token=/, '')}`, { origin });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  const answers = new Map();
  const waiters = [];
  const listeners = [];
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.type === 'result') {
      answers.get(message.id)?.(message.result);
      answers.delete(message.id);
      return;
    }
    for (const l of listeners.filter((l) => l.event === message.event)) l.listen(message.payload);
    for (const w of waiters.filter((w) => w.event === message.event && w.match(message.payload))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message.payload);
    }
  });
  return {
    /** The channel's value; its error as a thrown Error. */
    async call(channel, input = {}) {
      const id = next++;
      const result = await new Promise((resolve) => {
        answers.set(id, resolve);
        ws.send(JSON.stringify({ type: 'invoke', id, channel, input }));
      });
      if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    /** The next `event` whose payload `match` accepts. */
    next(event, match = () => true) {
      return new Promise((resolve) => waiters.push({ event, match, resolve }));
    },
    /** Every `event`, as it comes. */
    on(event, listen) {
      listeners.push({ event, listen });
    },
    close() {
      ws.close();
    },
  };
}

/** Collects `files` through the bridge as the wizard does; resolves the session's summary. */
export async function collectFiles(client, files) {
  const finished = client.next('operation.finished');
  const { operationId } = await client.call('collect.start', { sources: { files } });
  const done = await finished;
  if (done.operationId !== operationId || done.status !== 'ok') throw new Error(`collection ${done.status}: ${done.error ?? ''}`);
  return client.call('session.get', { sessionId: done.sessionId });
}
