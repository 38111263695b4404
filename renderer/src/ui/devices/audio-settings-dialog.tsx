/**
 * Audio settings (issue 12): a modal `<dialog>` named "Audio settings" with the Microphone, Speaker and
 * Ringer comboboxes, the microphone's level, the headset's buttons ("Connect headset"), and "Check my
 * setup" (test sound and a test call to the echo service with its result). Esc or Close returns the
 * focus to the button that opened it (the `<dialog>` does that).
 */
import { useEffect, useRef, useState } from 'react';
import { deviceName } from '../../devices/audio/audio-device-manager.js';
import { Icon } from '../shared/icons.js';
import { useNativeDialog } from '../shared/use-native-dialog.js';
import { DeviceSelect } from './device-select.js';
import { useAudioDevices, useDevicesHub, useDevicesUi, useHeadsetStatus } from './devices-context.js';
import { EchoTestPanel } from './echo-test-panel.js';
import { MicLevelMeter } from './level-meter.js';
import { playTestSound } from './test-sound.js';
import './devices.css';
import { useT, type Translate } from '../../i18n/use-t.js';

function headsetText(status: ReturnType<typeof useHeadsetStatus>, t: Translate): string {
  switch (status.state) {
    case 'connected':
      return t('headset.connected', { name: status.name });
    case 'unplugged':
      return t('headset.unplugged', { name: status.name });
    case 'failed':
      return status.error;
    case 'none':
      return t('headset.none');
    case 'unsupported':
      return t('headset.unsupported');
  }
}

export function AudioSettingsDialog() {
  const t = useT();
  const hub = useDevicesHub();
  const ui = useDevicesUi();
  const devices = useAudioDevices();
  const headset = useHeadsetStatus();
  const [checking, setChecking] = useState(false);
  const [playing, setPlaying] = useState(false);
  const playButton = useRef<HTMLButtonElement>(null);
  const open = ui.settingsOpen;

  // "Check my setup" goes away when pressed: the focus moves to the first step instead of <body>.
  useEffect(() => {
    if (checking) playButton.current?.focus();
  }, [checking]);

  const native = useNativeDialog(open, () => hub?.closeSettings());

  if (!hub) return null;
  const speakerSink = devices ? hub.audio.sinkId('speaker') : '';
  return (
    <dialog {...native} className="settings-dialog" aria-labelledby="audio-settings-title">
      {open && devices && (
        <div className="settings-page">
          <header className="settings-bar">
            <h2 id="audio-settings-title">{t('audio.settings')}</h2>
            <button
              type="button"
              className="icon-button quiet"
              aria-label={t('audio.close')}
              onClick={() => hub.closeSettings()}
            >
              <Icon name="close" />
            </button>
          </header>

          <section className="settings-card" aria-labelledby="devices-title">
            <h3 id="devices-title">{t('audio.devices')}</h3>
            <DeviceSelect
              label={t('audio.microphone')}
              options={devices.inputs}
              value={devices.microphone.selected}
              onChange={(id) => hub.audio.choose('microphone', id)}
            />
            <MicLevelMeter active={open} deviceId={devices.microphone.device?.deviceId} />
            <DeviceSelect
              label={t('audio.speaker')}
              hint={t('audio.speakerHint')}
              options={devices.outputs}
              value={devices.speaker.selected}
              disabled={!devices.canChooseOutput}
              onChange={(id) => hub.audio.choose('speaker', id)}
            />
            <DeviceSelect
              label={t('audio.ringer')}
              hint={t('audio.ringerHint')}
              options={devices.outputs}
              value={devices.ringer.selected}
              disabled={!devices.canChooseOutput}
              onChange={(id) => hub.audio.choose('ringer', id)}
            />
          </section>

          <section className="settings-card" aria-labelledby="headset-title">
            <h3 id="headset-title">{t('headset.heading')}</h3>
            <div className="headset-row">
              <span className={`headset-dot state-${headset.state}`} aria-hidden="true" />
              <p className="headset-text">{headsetText(headset, t)}</p>
              {(headset.state === 'none' || headset.state === 'failed' || headset.state === 'unplugged') && (
                <button type="button" className="button small" onClick={() => void hub.headset.connect()}>
                  {t('headset.connect')}
                </button>
              )}
            </div>
          </section>

          <section className="settings-card" aria-labelledby="check-title">
            <h3 id="check-title">{t('check.heading')}</h3>
            {!checking ? (
              <>
                <p className="device-hint">{t('check.hint')}</p>
                <button type="button" className="button" onClick={() => setChecking(true)}>
                  {t('check.heading')}
                </button>
              </>
            ) : (
              <div className="check-steps">
                <div className="check-step">
                  <span className="check-number" aria-hidden="true">
                    1
                  </span>
                  <p>
                    {t('check.testSoundOn')}{' '}
                    <strong>
                      {deviceName(
                        devices.speaker.device?.label ??
                          devices.outputs.find((o) => o.deviceId === 'default')?.label,
                      )}
                    </strong>
                  </p>
                  <button
                    ref={playButton}
                    type="button"
                    className="button small"
                    aria-disabled={playing}
                    onClick={() => {
                      if (playing) return;
                      setPlaying(true);
                      void playTestSound(speakerSink).finally(() => setPlaying(false));
                    }}
                  >
                    <Icon name="play" size={16} />
                    {t('check.playSound')}
                  </button>
                </div>
                <div className="check-step">
                  <span className="check-number" aria-hidden="true">
                    2
                  </span>
                  <p>{t('check.testCall')}</p>
                </div>
                <EchoTestPanel state={ui.echo} onStart={() => void hub.startEchoTest()} />
              </div>
            )}
          </section>
        </div>
      )}
    </dialog>
  );
}
