/**
 * The retry arithmetic payhooks' workers share (the core inbox processor, payhooks-kafka's
 * worker). Exported only to payhooks' own modules; not API. Nothing here accepts null.
 */
package dev.payhooks.internal.retry;
