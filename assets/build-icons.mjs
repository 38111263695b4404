// Renders Parley's icons from the SVG sources in this folder (run: `node assets/build-icons.mjs`).
// Needs `rsvg-convert` (Debian: librsvg2-bin) and, for the macOS .icns, `png2icns` (Debian: icnsutils).
// The .ico is assembled here (PNG-compressed entries, supported since Windows Vista).
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'icons');
const APP_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 32, 48, 64, 128, 256];
const ICNS_SIZES = [16, 32, 48, 128, 256, 512, 1024];

/** Tray states (common/ipc-contract.ts TrayIconState) → status dot colour. */
const TRAY_STATES = {
  registered: { dot: '#2f9e5b', bubble: '#2a8a8a' },
  connecting: { dot: '#e3a21a', bubble: '#2a8a8a' },
  offline: { dot: '#8b949e', bubble: '#8b949e' },
  dnd: { dot: '#d64545', bubble: '#2a8a8a', bar: true },
};

function traySvg({ dot, bubble, bar }) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <path d="M30 5C15 5 3 15 3 28c0 7 3.6 13 9.4 17.2L10 56l11.4-6.2c2.7.8 5.6 1.2 8.6 1.2 15 0 27-10 27-23S45 5 30 5z" fill="${bubble}"/>
  <g transform="translate(29 27) scale(0.062) rotate(45) translate(0 40)" fill="#ffffff">
    <path d="M-165 -40 Q0 170 165 -40" fill="none" stroke="#ffffff" stroke-width="110" stroke-linecap="round"/>
    <rect x="-250" y="-150" width="150" height="118" rx="40" transform="rotate(-32 -175 -91)"/>
    <rect x="100" y="-150" width="150" height="118" rx="40" transform="rotate(32 175 -91)"/>
  </g>
  <circle cx="49" cy="49" r="13" fill="${dot}" stroke="#ffffff" stroke-width="3"/>
  ${bar ? '<rect x="41.5" y="46.5" width="15" height="5" rx="2" fill="#ffffff"/>' : ''}
</svg>
`;
}

function render(svgPath, size, pngPath) {
  execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), svgPath, '-o', pngPath]);
}

/** ICO container with PNG entries: ICONDIR (6 bytes) + ICONDIRENTRY (16 bytes each) + images. */
function buildIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt8(0, e + 2); // no palette
    header.writeUInt8(0, e + 3);
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

await rm(out, { recursive: true, force: true });
await mkdir(path.join(out, 'png'), { recursive: true });
const svg = path.join(here, 'icon.svg');
for (const size of APP_SIZES) render(svg, size, path.join(out, 'png', `${size}x${size}.png`));

const ico = [];
for (const size of ICO_SIZES)
  ico.push({ size, data: await readFile(path.join(out, 'png', `${size}x${size}.png`)) });
await writeFile(path.join(out, 'icon.ico'), buildIco(ico));

try {
  execFileSync(
    'png2icns',
    [path.join(out, 'icon.icns'), ...ICNS_SIZES.map((s) => path.join(out, 'png', `${s}x${s}.png`))],
    {
      stdio: 'ignore',
    },
  );
} catch {
  console.warn(
    'png2icns not found (apt install icnsutils): icon.icns not written; electron-builder can make it from 1024x1024.png on macOS',
  );
}

await mkdir(path.join(here, 'tray'), { recursive: true });
for (const [state, colours] of Object.entries(TRAY_STATES)) {
  const source = path.join(here, 'tray', `tray-${state}.svg`);
  await writeFile(source, traySvg(colours));
  render(source, 16, path.join(out, `tray-${state}.png`));
  render(source, 32, path.join(out, `tray-${state}@2x.png`));
}
console.log(`icons written to ${path.relative(process.cwd(), out) || out}`);
