/** The bundled scenario `cnsim run` and `npm start` run when none is given. */
export const DEFAULT_SCENARIO = 'national-2025';
