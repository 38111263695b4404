/**
 * What the tray shows, computed from plain inputs (pure: tested without Electron).
 *
 *   icon:  offline ─► connecting ─► registered ─(do not disturb on)─► dnd
 *   Being offline or connecting is shown even with do-not-disturb on: reachability matters most.
 */
import type { TrayIconState, TrayRegistration } from '../../../../common/ipc-contract.js';

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

const STATE_TEXT: Record<TrayIconState, string> = {
  registered: 'Online',
  connecting: 'Connecting…',
  offline: 'Offline',
  dnd: 'Do not disturb',
};

function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), 9999) : 0;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function computeTrayView(inputs: TrayInputs): TrayView {
  const icon: TrayIconState =
    inputs.registration === 'registered' && inputs.dnd ? 'dnd' : inputs.registration;
  const missed = count(inputs.missedCalls);
  const unread = count(inputs.unreadMessages);
  const parts = [`Parley — ${STATE_TEXT[icon]}`];
  if (inputs.dnd && icon !== 'dnd') parts.push('do not disturb');
  if (missed > 0) parts.push(plural(missed, 'missed call', 'missed calls'));
  if (unread > 0) parts.push(plural(unread, 'unread message', 'unread messages'));
  return {
    icon,
    tooltip: parts.join(' · '),
    badgeCount: missed + unread,
    menu: [
      { id: 'show', label: 'Show Parley' },
      { id: 'dnd', label: 'Do not disturb', checked: inputs.dnd },
      { id: 'separator' },
      { id: 'quit', label: 'Quit Parley' },
    ],
  };
}
