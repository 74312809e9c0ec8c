// Types of report-browser.mjs for the TypeScript tests.
export interface SeenFigure {
  id: string;
  title: string;
  caption: string;
  svgs: number;
  marks: number;
  width: number;
  height: number;
}
export interface SeenReport {
  title: string;
  sections: { id: string; title: string }[];
  figures: SeenFigure[];
  mapCentres: (string | null)[];
  mapLinks: (string | null)[];
  mapLabels: { text: string | null; box: [number, number, number, number] }[];
  mapDiscs: { site: string | null; cx: number; cy: number; r: number }[];
  consoleErrors: string[];
  failedRequests: string[];
  foreignRequests: string[];
  tooltip: { label: string | null; shown: string | null };
  screenshotPixels: { width: number; height: number; sampled: number; nonWhite: number; distinctColours: number } | undefined;
}
export function chromiumPath(): string | undefined;
export function openReport(file: string, options?: { screenshot?: string; width?: number; viewportHeight?: number; fullPage?: boolean }): Promise<SeenReport>;
