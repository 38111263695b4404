import { deviceName } from '../../devices/audio/audio-device-manager.js';
import { DismissibleNotice } from '../shared/dismissible-notice.js';
import { useAudioDevices, useDevicesHub } from './devices-context.js';

/** "Use NAME" when a device is plugged in; a sentence when one in use was unplugged. */
export function DeviceNotices() {
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
          <span>{deviceName(offer.label)} is plugged in.</span>
          <button type="button" className="button small primary" onClick={() => hub.audio.acceptOffer()}>
            Use {deviceName(offer.label)}
          </button>
          <button type="button" className="button small ghost" onClick={() => hub.audio.dismissOffer()}>
            Not now
          </button>
        </div>
      )}
    </>
  );
}
