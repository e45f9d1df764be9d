package io.credence.ledger;

/**
 * Sorts strings in {@link String#compareTo} order, for the subjects of a batch: they usually come
 * sorted already (a feed in subject order), which one pass finds. Otherwise a multikey quicksort
 * (Bentley and Sedgewick), character by character: subjects share long prefixes ({@code P-00012..}),
 * which a comparison sort reads again at every comparison. Also small to compile: a batch command
 * on two cores spent half a second compiling {@code Arrays.sort}'s merge sort.
 */
final class StringSort {
    private StringSort() {}

    static void sort(String[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i - 1].compareTo(a[i]) > 0) {
                sortFrom(a, 0, a.length, 0);
                return;
            }
        }
    }

    /** Sorts {@code a[lo, hi)} by characters from {@code d} on; their first {@code d} are equal. */
    private static void sortFrom(String[] a, int lo, int hi, int d) {
        while (hi - lo > 1) {
            if (hi - lo < 16) {
                for (int i = lo + 1; i < hi; i++) {
                    for (int j = i; j > lo && a[j].compareTo(a[j - 1]) < 0; j--) {
                        swap(a, j, j - 1);
                    }
                }
                return;
            }
            swap(a, lo, lo + (hi - lo) / 2);
            int pivot = charAt(a[lo], d);
            int lt = lo;
            int gt = hi - 1;
            int i = lo + 1;
            while (i <= gt) {
                int c = charAt(a[i], d);
                if (c < pivot) {
                    swap(a, lt++, i++);
                } else if (c > pivot) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            sortFrom(a, lo, lt, d);
            if (pivot >= 0) {
                sortFrom(a, lt, gt + 1, d + 1);
            }
            lo = gt + 1; // the greater part, in this loop rather than by recursion
        }
    }

    private static int charAt(String s, int d) {
        return d < s.length() ? s.charAt(d) : -1;
    }

    private static void swap(String[] a, int i, int j) {
        String t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
