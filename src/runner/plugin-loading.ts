/**
 * The plug-in module being imported, if any. A module whose top-level await never settles leaves
 * nothing for the event loop to do, and Node then exits with code 13 without a word; the CLI
 * reads this when the process exits to name the module and exit 2 instead. A module of its own,
 * so that reading it loads nothing else.
 */
let loading: string | null = null;

/** Marks `path` as being imported (null: done). */
export function setPluginLoading(path: string | null): void {
  loading = path;
}

/** The path of the plug-in being imported, or null. */
export function pluginLoading(): string | null {
  return loading;
}
