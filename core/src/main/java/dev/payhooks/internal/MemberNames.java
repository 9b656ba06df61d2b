package dev.payhooks.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Duplicate member-name detection for a streaming pass over one JSON document: one set of names
 * per nesting depth, kept per thread and cleared as each object ends, so a document costs no
 * allocation once the thread has seen one of its shape.
 *
 * <p>Why not Jackson's {@code STRICT_DUPLICATE_DETECTION}: it creates a name set for every object
 * of the body, skipped ones included (a {@code HashSet} and its nodes; about 60% of what decoding a
 * Stripe envelope allocated). The rule enforced here is the same, on the same objects (every object
 * of the body): two members of one object with equal names reject the document.
 *
 * <p>Names are compared by content ({@link String#equals}), never by identity, so the result does
 * not depend on Jackson canonicalising names. Up to {@value #SMALL} names an object is scanned
 * linearly; above, an open-addressing table over {@link String#hashCode()}. Because that hash is
 * easy to collide on purpose, a probe longer than {@value #MAX_PROBES} moves the object to a
 * {@link HashSet} (whose bins become trees for colliding {@code String}s), so hostile names cost
 * at most a logarithmic factor, never a quadratic one.
 *
 * <p>Not thread-safe; {@link #start()} hands out this thread's instance, which one document uses
 * at a time ({@link #finish()} in a {@code finally}). Like Jackson's own per-thread buffers, the
 * instance stays with the thread (at most 4,096 name slots per nesting depth); in a container
 * that redeploys applications, the worker threads keep it until they end.
 */
public final class MemberNames {

    private static final ThreadLocal<MemberNames> PER_THREAD = ThreadLocal.withInitial(MemberNames::new);
    private static final int SMALL = 8;
    private static final int MAX_PROBES = 16;
    /**
     * Larger arrays are dropped after a document rather than kept by the thread: a thread keeps at
     * most about 32 KB per nesting depth it has seen (a Stripe event reaches five or six).
     */
    private static final int RETAINED = 1 << 12;

    private Level[] levels = new Level[8];
    private int depth = -1;
    private int deepest = -1;
    private boolean inUse;

    private MemberNames() {
    }

    /**
     * This thread's detector, empty, for one document.
     *
     * @return the detector
     */
    public static MemberNames start() {
        MemberNames names = PER_THREAD.get();
        if (names.inUse) {
            // Not expected (a decoder does not call itself), but never share one between documents.
            names = new MemberNames();
        }
        names.inUse = true;
        return names;
    }

    /** An object or array starts (arrays take a level too, so depths match the parser's). */
    public void enter() {
        depth++;
        if (depth == levels.length) {
            levels = Arrays.copyOf(levels, 2 * levels.length);
        }
        if (levels[depth] == null) {
            levels[depth] = new Level();
        }
        deepest = Math.max(deepest, depth);
    }

    /**
     * Records a member name of the innermost object.
     *
     * @param name the name
     * @return {@code false} when the object already has a member of this name
     */
    public boolean add(String name) {
        return levels[depth].add(name);
    }

    /** The innermost object or array ends. */
    public void exit() {
        levels[depth].clear();
        depth--;
    }

    /** The document is done (or failed): forgets every name and gives this instance back. */
    public void finish() {
        for (int i = 0; i <= deepest; i++) {
            levels[i].clear();
            levels[i].trim();
        }
        depth = -1;
        deepest = -1;
        inUse = false;
    }

    /** The names of one object. */
    private static final class Level {
        private String[] names = new String[SMALL];
        private int size;
        /** Slot + 1 of each name by hash, or 0; used above {@link #SMALL} names. */
        private int[] table;
        /** 32 minus log2 of the table's length: the hash's top bits pick the slot. */
        private int shift;
        private int[] spareTable;
        private Set<String> hostile;

        boolean add(String name) {
            if (hostile != null) {
                return hostile.add(name);
            }
            if (table == null) {
                for (int i = 0; i < size; i++) {
                    if (names[i].equals(name)) {
                        return false;
                    }
                }
                append(name);
                if (size > SMALL) {
                    index();
                }
                return true;
            }
            int mask = table.length - 1;
            int probes = 0;
            for (int i = slot(name.hashCode(), shift); ; i = (i + 1) & mask) {
                int slot = table[i];
                if (slot == 0) {
                    append(name);
                    table[i] = size;
                    if (2 * size > table.length) {
                        index();
                    }
                    return true;
                }
                if (names[slot - 1].equals(name)) {
                    return false;
                }
                if (++probes > MAX_PROBES) {
                    hostile = new HashSet<>(Arrays.asList(names).subList(0, size));
                    return hostile.add(name);
                }
            }
        }

        private void append(String name) {
            if (size == names.length) {
                names = Arrays.copyOf(names, 2 * size);
            }
            names[size++] = name;
        }

        /** (Re)builds the table for the current names, at most half full. */
        private void index() {
            int capacity = Integer.highestOneBit(Math.max(4 * size, 32) - 1) << 1;
            table = spareTable != null && spareTable.length >= capacity ? spareTable : new int[capacity];
            spareTable = null;
            shift = Integer.numberOfLeadingZeros(table.length) + 1;
            int mask = table.length - 1;
            for (int n = 0; n < size; n++) {
                int i = slot(names[n].hashCode(), shift);
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = n + 1;
            }
        }

        void clear() {
            if (table != null) {
                // Zero only the slots this object used (each name's own entry, found by probing), not
                // the whole table: a thread that once met a big object keeps its big table, and
                // every later small object must not pay for zero-filling it.
                int mask = table.length - 1;
                for (int n = 0; n < size; n++) {
                    int i = slot(names[n].hashCode(), shift);
                    while (table[i] != n + 1) {
                        i = (i + 1) & mask;
                    }
                    table[i] = 0;
                }
                spareTable = table;
                table = null;
            }
            Arrays.fill(names, 0, size, null);
            size = 0;
            hostile = null;
        }

        void trim() {
            if (names.length > RETAINED) {
                names = new String[SMALL];
            }
            if (spareTable != null && spareTable.length > RETAINED) {
                spareTable = null;
            }
        }

        /**
         * Fibonacci hashing: names such as {@code line_item_001 ... line_item_700} have hash codes
         * in a narrow band, which the low bits alone would pile into runs; multiplying by 2^32 / phi
         * and taking the top bits scatters them.
         */
        private static int slot(int hash, int shift) {
            return (hash * 0x9E3779B9) >>> shift;
        }
    }
}
