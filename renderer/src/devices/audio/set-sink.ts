/**
 * Points an audio element at an output device (`HTMLMediaElement.setSinkId`, Audio Output Devices API).
 * `setSinkId` may fail with `AbortError` right after a device vanished or appeared (FIELD-NOTES): then
 * the device list is read again and the call retried once with what `resolve` says now ('' = default).
 */
export interface SinkElement {
  setSinkId?(sinkId: string): Promise<void>;
  readonly sinkId?: string;
}

export async function setSinkWithRetry(
  element: SinkElement,
  sinkId: string,
  resolve: () => Promise<string>,
): Promise<string> {
  if (typeof element.setSinkId !== 'function') return '';
  try {
    await element.setSinkId(sinkId);
    return sinkId;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'AbortError' && name !== 'NotFoundError') throw error;
    const again = await resolve();
    await element.setSinkId(again);
    return again;
  }
}
