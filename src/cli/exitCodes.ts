/** Exit codes shared by every CLI command (documented in the README). */
export const EXIT_CLEAN = 0;
export const EXIT_FOUND = 1;
export const EXIT_FAILURE = 2;
