/**
 * The federation commands ({@code pdm-train}, {@code pdm-member}, {@code bench}) and the options a
 * member process shares ({@link io.smile.federation.cli.MemberOptions}). May depend on every other
 * package of the module and on picocli; nothing depends on it but the other modules' commands.
 */
package io.smile.federation.cli;
