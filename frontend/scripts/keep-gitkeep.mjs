// Vite empties ../internal/web/dist before each build (emptyOutDir), but the Go side embeds that
// directory with //go:embed, which fails to compile on a missing or empty directory, and git
// tracks it only through .gitkeep. Put the marker back after every build.
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(resolve(here, "../../internal/web/dist/.gitkeep"), "");
