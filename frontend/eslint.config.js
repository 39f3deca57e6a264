// ESLint (flat config) for the web app, run by `npm run lint` and `make lint`.
//
// Deliberately small: ESLint's and typescript-eslint's recommended rules (syntax-level, no type
// information: `tsc -b` already type-checks everything, and type-aware linting would double
// make lint's time) and the React hooks rules, which catch what the compiler cannot (hooks
// called conditionally, effects missing a dependency). Formatting is left alone.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Generated from api/openapi.yaml (make generate; make test-sdk writes the third-party SDK and
  // its compiled output under sdk-roundtrip/, git-ignored): not ours to lint.
  { ignores: ["node_modules/", "src/api/schema.d.ts", "src/api/rules.ts", "sdk-roundtrip/generated/", "sdk-roundtrip/out/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    // The two classic hooks rules only. The plugin's newer recommended set adds the React
    // Compiler's rules (refs, set-state-in-effect, purity, …); this app is not compiled by the
    // React Compiler, and what they flag here (13 places) is the documented "latest value in a
    // ref" idiom and resetting a form when its dialog opens: correct without the compiler, and
    // not worth rewriting components that other work is changing.
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
    languageOptions: { globals: globals.browser },
  },
  {
    // Runs in the browser: Swagger UI's start-up script, and the end-to-end scenarios, whose
    // page.evaluate callbacks are serialised into the page.
    files: ["docs/**/*.js", "e2e/scenarios/**/*.mjs"],
    languageOptions: { globals: { ...globals.browser, SwaggerUIBundle: "readonly" } },
  },
  {
    files: ["sw/**/*.ts"],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    // Node scripts: the build helpers, the end-to-end and SDK drivers.
    files: ["*.{js,ts}", "build/**/*.ts", "scripts/**/*.mjs", "e2e/**/*.mjs", "sdk-roundtrip/**/*.{ts,mjs}"],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a callback's signature, a
      // destructured field left out of a rest object), as tsc's noUnusedParameters allows.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
);
