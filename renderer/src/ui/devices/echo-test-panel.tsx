import { formatNumber } from '../../i18n/format.js';
import type { EchoTestResult, EchoTestState } from '../../app/echo-test.js';
import { Icon } from '../shared/icons.js';
import { useT } from '../../i18n/use-t.js';

/** 1..4.5 → the share of the quality ring to fill. */
function mosShare(mos: number | undefined): number {
  return mos === undefined ? 0 : Math.min(1, Math.max(0, (mos - 1) / 3.5));
}

function Tile({
  label,
  value,
  unit,
  ok,
}: {
  label: string;
  value: number | undefined;
  unit: string;
  ok: boolean;
}) {
  return (
    <div className={`echo-tile ${value === undefined ? 'unknown' : ok ? 'ok' : 'warn'}`}>
      <dt>{label}</dt>
      <dd>
        {value === undefined ? '—' : formatNumber(value)}
        {value !== undefined && <span className="echo-unit"> {unit}</span>}
      </dd>
    </div>
  );
}

/** The test call's result as a picture: a quality ring (E-model MOS), the three numbers, and advice. */
function EchoResult({ result }: { result: EchoTestResult }) {
  const t = useT();
  const share = mosShare(result.mos);
  const circumference = 2 * Math.PI * 42;
  return (
    <section className={`echo-result level-${result.level}`} aria-labelledby="echo-result-title">
      <h3 id="echo-result-title" className="visually-hidden">
        {t('echo.result')}
      </h3>
      <div className="echo-summary">
        <svg className="echo-ring" viewBox="0 0 100 100" aria-hidden="true">
          <circle className="echo-ring-track" cx="50" cy="50" r="42" />
          <circle
            className="echo-ring-fill"
            cx="50"
            cy="50"
            r="42"
            strokeDasharray={`${share * circumference} ${circumference}`}
          />
        </svg>
        <div className="echo-score">
          <span className="echo-score-value">
            {result.mos !== undefined
              ? formatNumber(result.mos, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
              : '—'}
          </span>
          <span className="echo-score-label">{t('echo.of', { max: 4.5 })}</span>
        </div>
        <p className="echo-verdict">
          <strong>{t('echo.quality', { level: result.level })}</strong>
          <span>{result.advice.length === 0 ? t('echo.allGood') : t('echo.couldBeBetter')}</span>
        </p>
      </div>
      <dl className="echo-tiles">
        <Tile label={t('echo.rtt')} value={result.rttMs} unit="ms" ok={(result.rttMs ?? 0) <= 300} />
        <Tile label={t('echo.jitter')} value={result.jitterMs} unit="ms" ok={(result.jitterMs ?? 0) <= 30} />
        <Tile
          label={t('echo.loss')}
          value={result.lossPercent}
          unit="%"
          ok={(result.lossPercent ?? 0) <= 3}
        />
      </dl>
      {result.advice.length > 0 && (
        <ul className="echo-advice">
          {result.advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The test call's button, progress (announced politely) and result. */
export function EchoTestPanel({ state, onStart }: { state: EchoTestState; onStart: () => void }) {
  const t = useT();
  const running = state.phase === 'calling' || state.phase === 'listening';
  const progress =
    state.phase === 'calling'
      ? t('echo.calling')
      : state.phase === 'listening'
        ? t('echo.speakNow', { seconds: state.secondsLeft })
        : state.phase === 'done'
          ? t('echo.finished')
          : state.phase === 'failed'
            ? state.message
            : '';
  return (
    <div className="echo-panel">
      <div className="echo-start">
        {/* aria-disabled, not disabled: the focus stays on the button while the test runs. */}
        <button
          type="button"
          className="button primary"
          aria-disabled={running}
          onClick={() => {
            if (!running) onStart();
          }}
        >
          <Icon name="phone" size={18} />
          {state.phase === 'done' || state.phase === 'failed' ? t('echo.again') : t('echo.start')}
        </button>
        <p
          className={`echo-progress ${state.phase === 'failed' ? 'problem' : ''}`}
          role="status"
          aria-live="polite"
        >
          {running && <span className="echo-pulse" aria-hidden="true" />}
          {progress}
        </p>
      </div>
      {state.phase === 'done' && <EchoResult result={state.result} />}
    </div>
  );
}
