/**
 * USB-HID usages a telephony headset speaks (HID Usage Tables 1.5: §14 Telephony Device Page 0x0B,
 * §11 LED Page 0x08). WebHID reports a usage as `page << 16 | id`.
 */
export const TELEPHONY_PAGE = 0x0b;
export const LED_PAGE = 0x08;

const usage = (page: number, id: number): number => ((page << 16) | id) >>> 0;

export const Usage = {
  /** Telephony page: input controls. */
  hookSwitch: usage(TELEPHONY_PAGE, 0x20),
  flash: usage(TELEPHONY_PAGE, 0x21),
  redial: usage(TELEPHONY_PAGE, 0x24),
  drop: usage(TELEPHONY_PAGE, 0x26),
  phoneMute: usage(TELEPHONY_PAGE, 0x2f),
  /** Telephony page: output (the headset's own ringer). */
  ringer: usage(TELEPHONY_PAGE, 0x9e),
  /** LED page: outputs. */
  ledMute: usage(LED_PAGE, 0x09),
  ledOffHook: usage(LED_PAGE, 0x17),
  ledRing: usage(LED_PAGE, 0x18),
  ledHold: usage(LED_PAGE, 0x20),
  ledMicrophone: usage(LED_PAGE, 0x21),
} as const;

/** The application collections a headset exposes its telephony controls in (Headset 0x05, Phone 0x01). */
export const TELEPHONY_COLLECTION_USAGES: readonly number[] = [0x05, 0x01];

export function usagePageOf(usage: number): number {
  return usage >>> 16;
}
