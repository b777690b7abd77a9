/**
 * Model files: the safetensors format ({@link vecnet.nn.io.SafeTensors}, float32 out, ten dtypes in),
 * saving and loading a module's state dict under PyTorch's names ({@link vecnet.nn.io.ModelFiles}), and
 * the layout differences from PyTorch with their converters ({@link vecnet.nn.io.Layouts}).
 */
package vecnet.nn.io;
