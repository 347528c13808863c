/** Test helper: reads Server-Sent Events from a fetch response. Test code only. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Reads events until `count` have arrived (or the stream ends), then cancels the stream. */
export async function readSseEvents(response: Response, count: number): Promise<SseEvent[]> {
  return readSseEventsUntil(response, (events) => events.length >= count);
}

/** Reads events until `done(eventsSoFar)` holds (or the stream ends), then cancels the stream. */
export async function readSseEventsUntil(
  response: Response,
  done: (events: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  while (!done(events)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end !== -1 && !done(events)) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (event) events.push({ event, data }); // comments and retry lines carry no event
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}
