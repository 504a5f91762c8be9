/**
 * Vigil's playbooks feature module. It depends on {@code core} only; the command line reaches it
 * through the {@code cli} module. Its features arrive with their own issues.
 */
package dev.vigil.playbooks;
