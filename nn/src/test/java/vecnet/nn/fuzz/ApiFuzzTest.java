package vecnet.nn.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import vecnet.core.Parallel;
import vecnet.nn.fuzz.ApiFuzz.Bad;
import vecnet.nn.fuzz.ApiFuzz.Call;
import vecnet.nn.fuzz.ApiFuzz.Entry;

/**
 * Every public entry point of core, simd and nn (see {@link ApiEntries}) called with valid arguments,
 * then with one argument at a time replaced by a bad value (null, negative / zero / huge sizes, NaN and
 * infinite hyper-parameters, empty arrays, out-of-range indices, wrong-rank and mismatched tensors).
 * No call may throw anything but IllegalArgumentException, IllegalStateException or
 * IndexOutOfBoundsException (or a checked exception it declares), a bad value that must be refused must
 * not be accepted, and a refusal's message must name the argument. {@link #ALLOWED} lists the few bad
 * values that are legitimately accepted, each with its reason.
 */
class ApiFuzzTest {
    /** "Class.member#param:bad value" as a glob ('*' any text, '?' one character) and why it is accepted. */
    static final Map<String, String> ALLOWED = allowed();

    private static Map<String, String> allowed() {
        Map<String, String> m = new LinkedHashMap<>();
        // Documented "or null".
        m.put("*#h0:null", "no initial hidden state: zeros, as in PyTorch");
        m.put("*#c0:null", "no initial cell state: zeros, as in PyTorch");
        m.put("*#bias:null", "no bias");
        m.put("*.conv2d*#work:null", "a 1x1 window needs no column buffer (work size 0: 'may be null when that is 0')");
        m.put("Simd.batchNormBackward#dx:null", "documented: no input gradient, only the parameters'");
        m.put("*.rmspropUpdate#gradAvg:null", "not centered: no gradient average");
        m.put("Batch.<init>#labels:null", "a regression batch has no class labels");
        m.put("SafeTensors.save#metadata:null", "documented: metadata may be null or empty");
        m.put("DataLoader.transform#t:null", "documented: null removes the transform");
        m.put("Checkpoint.save#scheduler:null", "documented: a run without a scheduler saves none");
        m.put("Progress.<init>#extra:null", "documented: no extra metadata, an empty map");
        m.put("DataDirectory.locate#explicit:null", "documented: null searches the standard places, as locate(name)");
        m.put("*.maxPool2d#argmax:*", "an output: overwritten with the winners");
        m.put("Simd.maxout#idx:*", "an output: overwritten with the winners");
        m.put("Metrics.argmax#out:*", "an output: overwritten with the winners");
        // Values that mean something.
        m.put("*.reshape#*:*-1", "one -1 infers that dimension, as in PyTorch");
        m.put("*#axis:-?", "a negative axis (-rank..-1) counts from the end, as in PyTorch");
        m.put("Embedding.<init>#paddingIdx:-1", "a negative paddingIdx counts from the end, as in PyTorch");
        m.put("SequenceOps.embedding#paddingIdx:*", "documented: a negative paddingIdx is none");
        m.put("ParamGroup.set#value:*", "refused as the option it sets ('lr must be finite'), the name argument");
        m.put("*.sgemm*#alpha:*", "BLAS scalars (also sgemmPackedB's): NaN and infinities propagate like data (IEEE)");
        m.put("*.sgemm*#beta:*", "BLAS scalars (also sgemmPackedB's): NaN and infinities propagate like data (IEEE)");
        m.put("*.sgemvPacked#alpha:*", "BLAS scalars, as sgemm's: NaN and infinities propagate like data (IEEE)");
        m.put("*.sgemvPacked#beta:*", "BLAS scalars, as sgemm's: NaN and infinities propagate like data (IEEE)");
        m.put("*.activate*#param:*", "RELU (the valid call's activation) ignores param; layers check theirs");
        m.put("Tensor.fill#value:*", "a data value: NaN is a value");
        m.put("Tensor.set#value:*", "a data value: NaN is a value");
        m.put("Init.constant#value:*", "a data value: NaN is a value, as in torch.nn.init.constant_");
        m.put("*.scale#s:*", "elementwise arithmetic propagates NaN and infinities (IEEE), as torch.mul");
        m.put("Ops.batchNormScale#*:*", "elementwise arithmetic propagates NaN and infinities (IEEE); layers check eps");
        m.put("Ops.addScalar#s:*", "elementwise arithmetic propagates NaN and infinities (IEEE), as torch.add");
        m.put("*.pow#p:*", "elementwise arithmetic propagates NaN and infinities (IEEE), as torch.pow");
        m.put("Ops.pointwiseLoss#?:*", "SQUARED_ERROR ignores p and q; each Loss checks its own in its constructor");
        m.put("GradClip.*#maxNorm:+Inf", "an infinite norm bound clips nothing, as in torch");
        m.put("GradClip.*#clip:+Inf", "an infinite value bound clips nothing, as in torch");
        m.put("HuberLoss.<init>#delta:+Inf", "delta = +Inf is the quadratic (MSE/2) limit; PyTorch only requires > 0");
        m.put("FocalLoss.<init>#alpha:-Inf", "a negative alpha disables the class weighting (documented)");
        // Large counts and extents that are valid alone (checked against an input when there is one).
        m.put("*#stride*:huge*", "a stride past the input gives one output per axis");
        m.put("*Pool2d.<init>#kernel:huge*", "checked against the input at forward (Window2d.requireFits)");
        m.put("Conv2d.<init>#padding:huge*", "checked against the input at forward (Window2d.requireFits)");
        m.put("Window2d.*#*:huge*", "a window alone has no input to exceed; requireFits(h, w) checks it");
        m.put("*#ld*:huge*", "with one row the leading dimension is never stepped over");
        m.put("Simd.conv2dWorkSize#*:huge*", "a size query: the product is checked, each factor alone fits");
        m.put("*.packedBSize#*:huge*", "a size query: k times the padded n is checked, each factor alone fits");
        m.put("*.packedGemvSize#*:huge*", "a size query: n times k is checked, each factor alone fits");
        m.put("*#tMax:huge*", "a schedule length");
        m.put("*#stepSize:huge*", "a schedule length");
        m.put("*#epoch:huge*", "a schedule position");
        m.put("EarlyStopping.*#patience:huge*", "a count of epochs without improvement");
        m.put("RandomShift.<init>#maxShift:huge*", "a shift past the image edge fills the whole image");
        m.put("RandomShift.apply#epoch:*", "epoch and batch only seed the shift: any int is a seed");
        m.put("RandomShift.apply#batch:*", "epoch and batch only seed the shift: any int is a seed");
        m.put("Trainer.*#epochs:huge*", "a count of epochs (a run stops early by maxSteps, requestStop or a rule)");
        m.put("DataLoader.<init>#batchSize:huge*", "a batch larger than the dataset is the whole dataset, as in PyTorch");
        m.put("Options.*#max*:huge*", "L-BFGS caps on iterations and evaluations");
        m.put("Options.*#historySize:huge*", "L-BFGS keeps at most that many pairs, allocated as they come");
        m.put("Dataset.ofClasses#numClasses:huge*", "it bounds the labels; a one-hot view is sized when asked for");
        m.put("LBFGS.step#-:valid", "L-BFGS re-evaluates the model: step() without a closure is an IllegalStateException");
        return m;
    }

    private static final List<Entry> ENTRIES = ApiEntries.all();
    private static int originalParallelism;

    @BeforeAll
    static void saveParallelism() {
        originalParallelism = Parallel.parallelism();
    }

    @AfterAll
    static void restoreParallelism() {
        Parallel.setParallelism(originalParallelism);
    }

    /** Every entry point, every parameter, every fixed bad value: all escapes listed at once. */
    @Test
    void noBadArgumentEscapes() {
        List<String> escapes = new ArrayList<>();
        Set<String> allowUsed = new TreeSet<>();
        int cases = 0;
        Map<String, Integer> perEntry = new LinkedHashMap<>();
        Set<String> classes = new TreeSet<>();
        for (Entry e : ENTRIES) {
            int before = cases;
            String baseline = ApiFuzz.run(new Call(e, -1, null));
            cases++;
            if (baseline != null) {
                Call valid = new Call(e, -1, null);
                String by = ApiFuzz.allowedBy(valid, ALLOWED);
                if (by != null) {
                    allowUsed.add(by);
                } else {
                    escapes.add(e + ": " + baseline + "   [" + ApiFuzz.key(valid) + "]");
                }
                continue;
            }
            Object[] valid = e.validArgs();
            Parameter[] ps = e.exe().getParameters();
            for (int i = 0; i < ps.length; i++) {
                for (Bad bad : BadValues.fixed(ps[i], valid[i])) {
                    Call c = new Call(e, i, bad);
                    String why = ApiFuzz.run(c);
                    cases++;
                    if (why != null) {
                        String by = ApiFuzz.allowedBy(c, ALLOWED);
                        if (by != null) {
                            allowUsed.add(by);
                        } else {
                            escapes.add(c + ": " + why + "   [" + ApiFuzz.key(c) + "]");
                        }
                    }
                }
            }
            perEntry.put(e.name(), cases - before);
            classes.add(e.exe().getDeclaringClass().getName());
        }
        System.out.println("ApiFuzzTest: " + ENTRIES.size() + " entry points of " + classes.size() + " classes, "
                + cases + " cases (" + perEntry.values().stream().mapToInt(Integer::intValue).max().orElse(0)
                + " at most per entry point), " + escapes.size() + " escapes, " + allowUsed.size()
                + " allow-list entries used");
        assertEquals(List.of(), escapes, escapes.size() + " escapes:\n" + String.join("\n", escapes));
        Set<String> unused = new TreeSet<>(ALLOWED.keySet());
        unused.removeAll(allowUsed);
        assertEquals(Set.of(), unused, "allow-list entries no case needs (remove them)");
    }

    /** Three deliberately broken entry points: the driver reports each, so the fuzz test can fail. */
    @Test
    void theDriverReportsEscapes() throws NoSuchMethodException {
        Map<String, String> why = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (String name : new String[] {"npe", "accepts", "misnames"}) {
            java.lang.reflect.Method m = Broken.class.getMethod(name, float[].class, int.class);
            Entry e = new Entry(name, m, null, p -> ApiEntries.byType(p.getType()));
            entries.add(e);
            int param = name.equals("npe") ? 0 : 1;
            Bad bad = BadValues.fixed(m.getParameters()[param], null).get(0); // null, or -1
            why.put(name, ApiFuzz.run(new Call(e, param, bad)));
        }
        assertTrue(why.get("npe").startsWith("escaped as java.lang.NullPointerException"), why.toString());
        assertEquals("accepted (a refusal is required)", why.get("accepts"), why.toString());
        assertTrue(why.get("misnames").startsWith("refusal does not name n"), why.toString());
        // The random pass fails too: misnames accepts every bad x and huge n, and misnames a negative n.
        List<String> failures = randomFailures(randomCalls(List.of(entries.get(2))), 7, 3);
        assertEquals(3, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("try 1 of 3 (seed 7): misnames "), failures.toString());
    }

    /** Entry points with the faults the fuzz test looks for. */
    public static final class Broken {
        public static void npe(float[] x, int n) {
            x.clone();
        }

        public static void accepts(float[] x, int n) {
        }

        public static void misnames(float[] x, int n) {
            if (n < 0) {
                throw new IllegalArgumentException("m must be >= 0, was " + n);
            }
        }
    }

    /** The random pass: a fixed seed, so a failure comes back on every run (no shrinking, no database). */
    static final long SEED = 20261202L;
    static final int TRIES = 3000;

    /**
     * Random bad values (negative and huge ints, bad index contents, random shapes, the fixed values of
     * other types): each try picks one (entry point, parameter) pair uniformly and draws one bad value for it.
     */
    @Test
    void randomBadArgumentsAreRefused() {
        List<Function<SplittableRandom, Call>> generators = randomCalls(ENTRIES);
        List<String> failures = randomFailures(generators, SEED, TRIES);
        System.out.println("ApiFuzzTest: " + TRIES + " random cases (seed " + SEED + ") over " + generators.size()
                + " parameters, " + failures.size() + " escapes");
        assertEquals(List.of(), failures, failures.size() + " escapes:\n" + String.join("\n", failures));
    }

    /** Each try that escapes, named by try number and seed (a rerun with the seed replays it), call and reason. */
    static List<String> randomFailures(List<Function<SplittableRandom, Call>> generators, long seed, int tries) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> failures = new ArrayList<>();
        for (int t = 1; t <= tries; t++) {
            Call call = generators.get(r.nextInt(generators.size())).apply(r);
            String why = ApiFuzz.run(call);
            if (why != null && ApiFuzz.allowedBy(call, ALLOWED) == null) {
                failures.add("try " + t + " of " + tries + " (seed " + seed + "): " + call + ": " + why
                        + "   [" + ApiFuzz.key(call) + "]");
            }
        }
        return failures;
    }

    /** One generator per (entry point, parameter) that has random bad values, in ApiEntries' order. */
    private static List<Function<SplittableRandom, Call>> randomCalls(List<Entry> entries) {
        List<Function<SplittableRandom, Call>> perParam = new ArrayList<>();
        for (Entry e : entries) {
            Object[] valid;
            try {
                valid = e.validArgs();
            } catch (RuntimeException | AssertionError setup) {
                continue; // reported by noBadArgumentEscapes
            }
            Parameter[] ps = e.exe().getParameters();
            for (int i = 0; i < ps.length; i++) {
                Function<SplittableRandom, Bad> bad = BadValues.random(ps[i], valid[i]);
                if (bad != null) {
                    int param = i;
                    perParam.add(r -> new Call(e, param, bad.apply(r)));
                }
            }
        }
        return perParam;
    }
}
