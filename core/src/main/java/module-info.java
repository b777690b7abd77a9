/** Shapes, float32 tensors and the library's worker threads. No dependency beyond the JDK. */
module vecnet.core {
    exports vecnet.core;
}
