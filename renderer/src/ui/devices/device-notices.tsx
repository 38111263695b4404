import { deviceName } from '../../devices/audio/audio-device-manager.js';
import { DismissibleNotice } from '../shared/dismissible-notice.js';
import { useAudioDevices, useDevicesHub } from './devices-context.js';
import { useT } from '../../i18n/use-t.js';

/** "Use NAME" when a device is plugged in; a sentence when one in use was unplugged. */
export function DeviceNotices() {
  const t = useT();
  const hub = useDevicesHub();
  const devices = useAudioDevices();
  if (!hub || !devices) return null;
  const offer = devices.offer;
  return (
    <>
      {devices.notice && (
        <DismissibleNotice text={devices.notice} onDismiss={() => hub.audio.dismissNotice()} />
      )}
      {offer && (
        <div className="device-offer" role="status">
          <span>{t('devices.pluggedIn', { name: deviceName(offer.label) })}</span>
          <button type="button" className="button small primary" onClick={() => hub.audio.acceptOffer()}>
            {t('devices.use', { name: deviceName(offer.label) })}
          </button>
          <button type="button" className="button small ghost" onClick={() => hub.audio.dismissOffer()}>
            {t('devices.notNow')}
          </button>
        </div>
      )}
    </>
  );
}
