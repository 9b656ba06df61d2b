/**
 * What payhooks' own store modules (payhooks-jdbc, payhooks-redis) decide the same way. Exported
 * only to them; not API. Nothing here accepts null.
 */
package dev.payhooks.internal.store;
