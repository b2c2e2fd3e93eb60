/** Recurrent layers (RNN, LSTM, GRU), unrolled over time on the ordinary autodiff. */
export { RNN, type RNNOptions } from "./rnn.js";
export { LSTM, type LSTMOptions } from "./lstm.js";
export { GRU, type GRUOptions } from "./gru.js";
export { RecurrentLayer, type RecurrentOptions, type RecurrentState, type RecurrentStep } from "./base.js";
export { identityMatrix, type RecurrentInit, type RecurrentInitOptions } from "./init.js";
export { recurrentLinear, stackSteps } from "./steps.js";
export { lstmCellState, lstmHidden, lstmGateValues, gruCell } from "./gates.js";
export { SequenceModel, type SequenceModelOptions, type CellName } from "./sequence-model.js";
