/**
 * One Parley per user session. The first instance holds Electron's single-instance lock; a second launch
 * (a click on a `sip:` link, the launcher again) hands its command line to the first and quits. The
 * command line travels in `additionalData` too, because Chromium may reorder or add switches in `argv`
 * (Electron docs, `app.requestSingleInstanceLock`). Data from the other process is checked, not trusted.
 */

/** The part of Electron's `app` used here. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
  ): unknown;
  quit(): void;
}

const MAX_ARGS = 64;
const MAX_ARG_LENGTH = 4096;

/** The other instance's arguments: `additionalData.argv` when well-formed, else Electron's `argv`. */
export function handedOverArgv(argv: unknown, additionalData: unknown): readonly string[] {
  const fromData =
    typeof additionalData === 'object' && additionalData !== null
      ? (additionalData as Record<string, unknown>).argv
      : undefined;
  for (const candidate of [fromData, argv]) {
    if (Array.isArray(candidate) && candidate.length <= MAX_ARGS) {
      return candidate.filter((a): a is string => typeof a === 'string' && a.length <= MAX_ARG_LENGTH);
    }
  }
  return [];
}

/**
 * Takes the lock. Returns false (and asks the app to quit) when another instance has it; otherwise
 * registers `onHandOver`, called with each later instance's arguments.
 */
export function claimSingleInstance(
  app: SingleInstanceApp,
  ownArgv: readonly string[],
  onHandOver: (argv: readonly string[]) => void,
): boolean {
  if (!app.requestSingleInstanceLock({ argv: [...ownArgv].slice(0, MAX_ARGS) })) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, _cwd, additionalData) => {
    onHandOver(handedOverArgv(argv, additionalData));
  });
  return true;
}
