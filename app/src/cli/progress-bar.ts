/** A one-line progress bar on a terminal; plain stage lines when output is not a terminal. */
export function createProgressBar(stream: NodeJS.WriteStream, label: string) {
  const width = 30;
  let lastStage = "";
  return {
    update(stage: string, fraction: number) {
      if (!stream.isTTY) {
        if (stage !== lastStage) stream.write(`${label}: ${stage}\n`);
        lastStage = stage;
        return;
      }
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      stream.write(
        `\r${bar} ${String(Math.round(fraction * 100)).padStart(3)}% ${stage.padEnd(10)} ${label}`,
      );
      lastStage = stage;
    },
    done(message: string) {
      stream.write(stream.isTTY ? `\r\x1b[2K${message}\n` : `${message}\n`);
    },
  };
}
