/** Seeded weight initializers (constant, uniform, normal, Xavier/Glorot, He/Kaiming). */
package vecnet.nn.init;
