package vecnet.nn.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import vecnet.core.Tensor;
import vecnet.nn.autograd.GradMode;
import vecnet.nn.autograd.Var;

/**
 * L-BFGS (Liu & Nocedal 1989), a port of PyTorch's: one parameter group, full-batch, closure-based (the
 * closure zeroes the gradients, computes the loss, calls backward and returns the loss). The search
 * direction comes from the two-loop recursion over the last {@code historySize} curvature pairs; the step
 * is either fixed (lr; the first one scaled by 1/‖g‖₁) or found by a strong-Wolfe line search with cubic
 * interpolation. Direction and history are kept in double. Defaults as PyTorch: lr 1, maxIter 20,
 * maxEval 25, toleranceGrad 1e-7, toleranceChange 1e-9, history 100, no line search. {@link #stateDict()}
 * holds the curvature history, as PyTorch keeps it under the first parameter (in float32 there, as
 * here: a restored optimizer continues within float rounding of the one it was saved from).
 *
 * <pre>{@code new LBFGS(params, LBFGS.Options.defaults().historySize(10).strongWolfe(true))}</pre>
 *
 * <p>Thread safety: not thread-safe: one thread (see {@link Optimizer}); it also keeps the search direction and
 * the curvature history between steps, and runs the closure on the calling thread.
 */
public final class LBFGS extends Optimizer {
    private final List<Var> params;
    private final ParamGroup group;

    private int funcEvals;
    private int nIter;
    private double[] d;
    private double t;
    private final List<double[]> oldDirs = new ArrayList<>();
    private final List<double[]> oldSteps = new ArrayList<>();
    private final List<Double> ro = new ArrayList<>();
    private double hDiag = 1;
    private double[] prevFlatGrad;
    /** The gradient at the step the line search accepted. */
    private double[] lastSearchGrad;

    /** L-BFGS with step size {@code lr}, the other options at their defaults (no line search). */
    public LBFGS(List<Var> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    public LBFGS(List<Var> params, Options options) {
        super(params, options);
        this.params = List.copyOf(params);
        this.group = paramGroups().get(0);
    }

    /**
     * L-BFGS's options under PyTorch's names lr, max_iter, max_eval, tolerance_grad, tolerance_change,
     * history_size, and strong_wolfe for PyTorch's {@code line_search_fn="strong_wolfe"}. Defaults as
     * PyTorch: lr 1, maxIter 20, maxEval 25 (PyTorch's maxIter·5/4; it does not follow a changed
     * maxIter here), toleranceGrad 1e-7, toleranceChange 1e-9, historySize 100, no line search. lr and
     * the tolerances must be finite and >= 0; maxIter, maxEval and historySize >= 1. L-BFGS has one
     * parameter group, as in PyTorch.
     */
    public record Options(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange,
            int historySize, boolean strongWolfe) implements OptimizerOptions {
        public Options {
            Check.nonNegative("lr", lr);
            Check.atLeastOne("max_iter", maxIter);
            Check.atLeastOne("max_eval", maxEval);
            Check.nonNegative("tolerance_grad", toleranceGrad);
            Check.nonNegative("tolerance_change", toleranceChange);
            Check.atLeastOne("history_size", historySize);
        }

        public static Options defaults() {
            return new Options(1, 20, 25, 1e-7, 1e-9, 100, false);
        }

        public Options lr(double lr) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
        }

        public Options maxIter(int maxIter) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
        }

        public Options maxEval(int maxEval) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
        }

        public Options toleranceGrad(double toleranceGrad) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
        }

        public Options toleranceChange(double toleranceChange) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
        }

        public Options historySize(int historySize) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
        }

        /** The strong-Wolfe line search (true) or fixed steps of lr (false). */
        public Options strongWolfe(boolean strongWolfe) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, strongWolfe);
        }
    }

    private Options options() {
        return (Options) group.typed();
    }

    /**
     * The group's options plus the search state, under parameter 0 as in PyTorch: step count = the
     * iteration count, buffers {@code 0.d}, {@code 0.prev_flat_grad}, {@code 0.ro},
     * {@code 0.old_dirs.<i>}, {@code 0.old_stps.<i>} (oldest first) and {@code 0.scalars} = (t, H_diag,
     * function evaluations). Vectors are over all parameters flattened in order.
     */
    @Override
    public OptimizerState stateDict() {
        OptimizerState base = super.stateDict();
        Map<Integer, Long> steps = new LinkedHashMap<>();
        Map<String, float[]> buffers = new LinkedHashMap<>();
        if (nIter > 0) {
            steps.put(0, (long) nIter);
            buffers.put("0.d", toFloats(d));
            buffers.put("0.prev_flat_grad", toFloats(prevFlatGrad));
            float[] r = new float[ro.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = ro.get(i).floatValue();
                buffers.put("0.old_dirs." + i, toFloats(oldDirs.get(i)));
                buffers.put("0.old_stps." + i, toFloats(oldSteps.get(i)));
            }
            buffers.put("0.ro", r);
            buffers.put("0.scalars", new float[] {(float) t, (float) hDiag, funcEvals});
        }
        return new OptimizerState(base.groups(), steps, buffers);
    }

    /** Restores {@link #stateDict()} of an L-BFGS over parameters of the same total size. */
    @Override
    public void loadStateDict(OptimizerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        super.loadStateDict(new OptimizerState(state.groups(), Map.of(), Map.of())); // the options
        Map<String, float[]> b = state.buffers();
        Long iterations = state.steps().get(0);
        oldDirs.clear();
        oldSteps.clear();
        ro.clear();
        if (iterations == null || iterations == 0) {
            nIter = 0;
            funcEvals = 0;
            d = null;
            prevFlatGrad = null;
            hDiag = 1;
            return;
        }
        int size = 0;
        for (Var p : params) {
            size += p.size();
        }
        d = toDoubles(required(b, "0.d", size));
        prevFlatGrad = toDoubles(required(b, "0.prev_flat_grad", size));
        float[] r = b.get("0.ro");
        int historySize = options().historySize();
        if (r == null || r.length > historySize) {
            throw new IllegalArgumentException("state needs '0.ro' with at most " + historySize + " entries, had "
                    + (r == null ? "none" : r.length));
        }
        for (int i = 0; i < r.length; i++) {
            ro.add((double) r[i]);
            oldDirs.add(toDoubles(required(b, "0.old_dirs." + i, size)));
            oldSteps.add(toDoubles(required(b, "0.old_stps." + i, size)));
        }
        float[] sc = required(b, "0.scalars", 3);
        t = sc[0];
        hDiag = sc[1];
        funcEvals = (int) sc[2];
        nIter = Math.toIntExact(iterations);
    }

    private static float[] required(Map<String, float[]> b, String key, int size) {
        float[] v = b.get(key);
        if (v == null || v.length != size) {
            throw new IllegalArgumentException("state buffer '" + key + "' must have " + size + " elements, was "
                    + (v == null ? "missing" : v.length));
        }
        return v;
    }

    private static float[] toFloats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Number of closure evaluations so far. */
    public int functionEvaluations() {
        return funcEvals;
    }

    @Override
    public void step() {
        throw new IllegalStateException("L-BFGS re-evaluates the model: call step(closure)");
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState s) {
        throw new AssertionError("not used");
    }

    @Override
    public Var step(Supplier<Var> closure) {
        if (closure == null) {
            throw new IllegalArgumentException("closure must not be null");
        }
        // read once per step, so the loop below sees one consistent set of options
        Options o = options();
        double lr = o.lr();
        int maxIter = o.maxIter();
        int maxEval = o.maxEval();
        double toleranceGrad = o.toleranceGrad();
        double toleranceChange = o.toleranceChange();
        int historySize = o.historySize();
        Var origLoss = evaluate(closure);
        double loss = origLoss.item();
        int currentEvals = 1;
        funcEvals++;
        double[] flatGrad = gatherFlatGrad();
        if (maxAbs(flatGrad) <= toleranceGrad) {
            return origLoss;
        }
        int n = 0;
        while (n < maxIter) {
            n++;
            nIter++;
            if (nIter == 1) {
                d = negate(flatGrad);
                oldDirs.clear();
                oldSteps.clear();
                ro.clear();
                hDiag = 1;
            } else {
                double[] y = new double[flatGrad.length];
                double[] s = new double[flatGrad.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = flatGrad[i] - prevFlatGrad[i];
                    s[i] = d[i] * t;
                }
                double ys = dot(y, s);
                if (ys > 1e-10) { // keep only pairs with positive curvature
                    while (oldDirs.size() >= historySize) { // >=: history_size may have been lowered
                        oldDirs.remove(0);
                        oldSteps.remove(0);
                        ro.remove(0);
                    }
                    oldDirs.add(y);
                    oldSteps.add(s);
                    ro.add(1 / ys);
                    hDiag = ys / dot(y, y);
                }
                int numOld = oldDirs.size();
                double[] al = new double[numOld];
                double[] q = negate(flatGrad);
                for (int i = numOld - 1; i >= 0; i--) {
                    al[i] = dot(oldSteps.get(i), q) * ro.get(i);
                    axpy(-al[i], oldDirs.get(i), q);
                }
                for (int i = 0; i < q.length; i++) {
                    q[i] *= hDiag;
                }
                for (int i = 0; i < numOld; i++) {
                    double be = dot(oldDirs.get(i), q) * ro.get(i);
                    axpy(al[i] - be, oldSteps.get(i), q);
                }
                d = q;
            }
            prevFlatGrad = flatGrad.clone();
            double prevLoss = loss;
            t = nIter == 1 ? Math.min(1, 1 / sumAbs(flatGrad)) * lr : lr;
            double gtd = dot(flatGrad, d);
            if (gtd > -toleranceChange) { // not a descent direction
                break;
            }
            int lsEvals;
            boolean optCond = false;
            if (o.strongWolfe()) {
                float[] xInit = cloneParams();
                double[] res = strongWolfeSearch(closure, xInit, t, d, loss, flatGrad, gtd, toleranceChange);
                loss = res[0];
                t = res[1];
                lsEvals = (int) res[2];
                flatGrad = lastSearchGrad;
                addToParams(t, d);
                optCond = maxAbs(flatGrad) <= toleranceGrad;
            } else {
                addToParams(t, d);
                lsEvals = 0;
                if (n != maxIter) {
                    loss = evaluate(closure).item();
                    flatGrad = gatherFlatGrad();
                    optCond = maxAbs(flatGrad) <= toleranceGrad;
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            funcEvals += lsEvals;
            if (n == maxIter || currentEvals >= maxEval || optCond) {
                break;
            }
            if (maxAbs(d) * Math.abs(t) <= toleranceChange || Math.abs(loss - prevLoss) < toleranceChange) {
                break;
            }
        }
        return origLoss;
    }

    /** Loss and gradient at x + t·d; parameters are restored to x. */
    private double directionalEvaluate(Supplier<Var> closure, float[] x, double step, double[] dir, double[][] gradOut) {
        addToParams(step, dir);
        double loss = evaluate(closure).item();
        gradOut[0] = gatherFlatGrad();
        setParams(x);
        return loss;
    }

    /** PyTorch's _strong_wolfe: returns {loss, t, evaluations}; the gradient is left in lastSearchGrad. */
    private double[] strongWolfeSearch(Supplier<Var> closure, float[] x, double step, double[] dir, double f,
                                       double[] g, double gtd, double toleranceChange) {
        final double c1 = 1e-4;
        final double c2 = 0.9;
        final int maxLs = 25;
        double dNorm = maxAbs(dir);
        double[][] gbox = new double[1][];
        double fNew = directionalEvaluate(closure, x, step, dir, gbox);
        double[] gNew = gbox[0];
        int evals = 1;
        double gtdNew = dot(gNew, dir);
        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g.clone();
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket;
        double[] bracketF;
        double[][] bracketG;
        double[] bracketGtd;
        while (true) {
            if (lsIter >= maxLs) {
                bracket = new double[] {0, step};
                bracketF = new double[] {f, fNew};
                bracketG = new double[][] {g, gNew};
                bracketGtd = new double[] {gtd, gtdNew};
                break;
            }
            if (fNew > f + c1 * step * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, step};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[] {step};
                bracketF = new double[] {fNew};
                bracketG = new double[][] {gNew};
                bracketGtd = new double[] {gtdNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, step};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new double[][] {gPrev, gNew.clone()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = step + 0.01 * (step - tPrev);
            double maxStep = step * 10;
            double tmp = step;
            step = cubicInterpolate(tPrev, fPrev, gtdPrev, step, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            fNew = directionalEvaluate(closure, x, step, dir, gbox);
            gNew = gbox[0];
            evals++;
            gtdNew = dot(gNew, dir);
            lsIter++;
        }
        // zoom: shrink the bracket until the strong Wolfe conditions hold
        boolean insufProgress = false;
        int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            step = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                    Math.min(bracket[0], bracket[1]), Math.max(bracket[0], bracket[1]));
            double bMax = Math.max(bracket[0], bracket[1]);
            double bMin = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (Math.min(bMax - step, step - bMin) < eps) {
                if (insufProgress || step >= bMax || step <= bMin) {
                    step = Math.abs(step - bMax) < Math.abs(step - bMin) ? bMax - eps : bMin + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            fNew = directionalEvaluate(closure, x, step, dir, gbox);
            gNew = gbox[0];
            evals++;
            gtdNew = dot(gNew, dir);
            lsIter++;
            if (fNew > f + c1 * step * gtd || fNew >= bracketF[low]) {
                bracket[high] = step;
                bracketF[high] = fNew;
                bracketG[high] = gNew.clone();
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = step;
                bracketF[low] = fNew;
                bracketG[low] = gNew.clone();
                bracketGtd[low] = gtdNew;
            }
        }
        if (bracket.length == 1) {
            low = 0;
        }
        lastSearchGrad = bracketG[low];
        return new double[] {bracketF[low], bracket[low], evals};
    }

    /** Minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to [lo, hi]. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
                                   double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2;
    }

    private static Var evaluate(Supplier<Var> closure) {
        GradMode.Scope s = GradMode.enableGrad();
        try {
            Var loss = closure.get();
            if (loss == null || loss.size() != 1) {
                throw new IllegalArgumentException("the closure must return a one-element loss, returned "
                        + (loss == null ? "null" : loss.shape()));
            }
            return loss;
        } finally {
            s.close();
        }
    }

    private int numel() {
        int n = 0;
        for (Var p : params) {
            n += p.size();
        }
        return n;
    }

    private double[] gatherFlatGrad() {
        double[] out = new double[numel()];
        int k = 0;
        for (Var p : params) {
            Tensor g = p.grad();
            for (int i = 0; i < p.size(); i++, k++) {
                out[k] = g == null ? 0 : g.data()[g.offset() + i];
            }
        }
        return out;
    }

    private void addToParams(double step, double[] dir) {
        int k = 0;
        for (Var p : params) {
            Tensor v = p.value();
            for (int i = 0; i < p.size(); i++, k++) {
                v.data()[v.offset() + i] = (float) (v.data()[v.offset() + i] + step * dir[k]);
            }
        }
    }

    private float[] cloneParams() {
        float[] out = new float[numel()];
        int k = 0;
        for (Var p : params) {
            System.arraycopy(p.value().data(), p.value().offset(), out, k, p.size());
            k += p.size();
        }
        return out;
    }

    private void setParams(float[] x) {
        int k = 0;
        for (Var p : params) {
            System.arraycopy(x, k, p.value().data(), p.value().offset(), p.size());
            k += p.size();
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    private static double[] negate(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = -a[i];
        }
        return out;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }
}
