/** Test helper: reads Server-Sent Events from a fetch response. Test code only. */
export interface SseEvent {
  event: string;
  data: string;
}

export async function readSseEvents(response: Response, count: number): Promise<SseEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end !== -1 && events.length < count) {
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
