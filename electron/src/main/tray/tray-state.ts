/**
 * What the tray shows, computed from plain inputs (pure: tested without Electron).
 *
 *   icon:  offline ─► connecting ─► registered ─(do not disturb on)─► dnd
 *   Being offline or connecting is shown even with do-not-disturb on: reachability matters most.
 */
import type { TrayIconState, TrayRegistration } from '../../../../common/ipc-contract.js';
import { shellText, type ShellText } from '../i18n/shell-text.js';

export interface TrayInputs {
  readonly registration: TrayRegistration;
  readonly dnd: boolean;
  readonly missedCalls: number;
  readonly unreadMessages: number;
}

export type TrayMenuEntry =
  | { readonly id: 'show'; readonly label: string }
  | { readonly id: 'dnd'; readonly label: string; readonly checked: boolean }
  | { readonly id: 'separator' }
  | { readonly id: 'quit'; readonly label: string };

export interface TrayView {
  readonly icon: TrayIconState;
  readonly tooltip: string;
  /** Missed calls + unread messages: the app badge (macOS dock, Unity launcher). */
  readonly badgeCount: number;
  readonly menu: readonly TrayMenuEntry[];
}

export const INITIAL_TRAY_INPUTS: TrayInputs = {
  registration: 'offline',
  dnd: false,
  missedCalls: 0,
  unreadMessages: 0,
};

function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), 9999) : 0;
}

/** The tray in `text`'s language (English by default). */
export function computeTrayView(inputs: TrayInputs, text: ShellText = shellText('en')): TrayView {
  const icon: TrayIconState =
    inputs.registration === 'registered' && inputs.dnd ? 'dnd' : inputs.registration;
  const missed = count(inputs.missedCalls);
  const unread = count(inputs.unreadMessages);
  const parts = [`Parley — ${text.state(icon)}`];
  if (inputs.dnd && icon !== 'dnd') parts.push(text.dndLower);
  if (missed > 0) parts.push(text.missedCalls(missed));
  if (unread > 0) parts.push(text.unreadMessages(unread));
  return {
    icon,
    tooltip: parts.join(' · '),
    badgeCount: missed + unread,
    menu: [
      { id: 'show', label: text.show },
      { id: 'dnd', label: text.dnd, checked: inputs.dnd },
      { id: 'separator' },
      { id: 'quit', label: text.quit },
    ],
  };
}
