/** Recurrent layers (RNN, LSTM, GRU), unrolled over time on the ordinary autodiff. */
export { RNN, type RNNOptions } from "./rnn.js";
export { LSTM, type LSTMOptions } from "./lstm.js";
export { GRU } from "./gru.js";
export { RecurrentLayer, type RecurrentOptions, type RecurrentState, type RecurrentStep } from "./base.js";
export { orthogonal, identity, type RecurrentInit, type RecurrentInitName, type MatrixInit } from "./init.js";
export { recurrentLinear, splitSteps, stackSteps } from "./steps.js";
export { lstmGates, lstmCellState, lstmHidden, gruCell } from "./gates.js";
