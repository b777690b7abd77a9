package vecnet.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vecnet.nn.autograd.Var;

/**
 * Parameters that share hyper-parameters, as PyTorch's param groups: options are looked up by their
 * PyTorch names ("lr", "momentum", "weight_decay", "betas" split as "beta1"/"beta2", ...). Schedulers
 * change "lr" between steps.
 */
public final class ParamGroup {
    private final List<Var> params;
    private final Map<String, Double> options;

    ParamGroup(List<Var> params, Map<String, Double> options) {
        this.params = List.copyOf(params);
        this.options = new LinkedHashMap<>(options);
    }

    public List<Var> params() {
        return params;
    }

    public double lr() {
        return get("lr");
    }

    public void setLr(double lr) {
        set("lr", lr);
    }

    /** The option's value; an unknown name is an error (it would otherwise read as a silent default). */
    public double get(String name) {
        Double v = options.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown option '" + name + "', expected one of " + options.keySet());
        }
        return v;
    }

    public void set(String name, double value) {
        get(name);
        options.put(name, value);
    }

    public Map<String, Double> options() {
        return Collections.unmodifiableMap(options);
    }
}
