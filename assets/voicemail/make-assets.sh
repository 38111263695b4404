#!/bin/sh
# Regenerates the default voicemail prompts (committed, so no tool is needed at run time):
#   espeak-ng → sox (48 kHz mono, a little gain) → opusenc --framesize 20 (the agent paces packets at 20 ms).
# Needs the Debian packages espeak-ng, sox and opus-tools.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -s 155 -w "$tmp/greeting-raw.wav" \
  "The person you are calling is not available. Please leave a message after the tone. When you are done, hang up, or press the pound key."
sox "$tmp/greeting-raw.wav" -r 48000 -c 1 -b 16 "$tmp/greeting.wav" norm -3 pad 0.2 0.3
opusenc --quiet --framesize 20 --bitrate 24 --comment TITLE="Parley default voicemail greeting" "$tmp/greeting.wav" greeting.opus
sox -n -r 48000 -c 1 -b 16 "$tmp/beep.wav" synth 0.4 sine 1000 vol 0.4 fade t 0.01 0.4 0.01
opusenc --quiet --framesize 20 --bitrate 24 --comment TITLE="Parley voicemail beep" "$tmp/beep.wav" beep.opus
ls -l greeting.opus beep.opus
