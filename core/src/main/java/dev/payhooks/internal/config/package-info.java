/**
 * The checks payhooks' builders make of their configuration, with one wording. Exported only to
 * payhooks' own modules; not API. Nothing here accepts null unless it says so.
 */
package dev.payhooks.internal.config;
