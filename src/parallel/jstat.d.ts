// jstat ships no type declarations; these are the functions cnsim uses.
declare module 'jstat' {
  const jstat: {
    readonly jStat: {
      readonly studentt: {
        /** Quantile of Student's t distribution: x such that P(T ≤ x) = p, with `dof` degrees of freedom. */
        inv(p: number, dof: number): number;
      };
      readonly gamma: {
        /** P(X ≤ x) for a gamma distribution of this shape and scale. */
        cdf(x: number, shape: number, scale: number): number;
      };
    };
  };
  export default jstat;
}
