/**
 * The starter's internals: how endpoints, handlers, stores and workers are put together. Not an
 * API; may change in any release.
 */
package dev.payhooks.spring.boot.internal;
