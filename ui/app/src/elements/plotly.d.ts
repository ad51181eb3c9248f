// The little of plotly.js-dist-min's API the UI uses (the package ships no types).
declare module "plotly.js-dist-min" {
  export function react(root: HTMLElement, data: unknown[], layout?: unknown, config?: unknown): Promise<HTMLElement>;
  export function purge(root: HTMLElement): void;
}
