// jstat ships no type declarations; this is the one function cnsim uses.
declare module 'jstat' {
  const jstat: {
    readonly jStat: {
      readonly studentt: {
        /** Quantile of Student's t distribution: x such that P(T ≤ x) = p, with `dof` degrees of freedom. */
        inv(p: number, dof: number): number;
      };
    };
  };
  export default jstat;
}
