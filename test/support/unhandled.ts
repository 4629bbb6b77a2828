/**
 * Records unhandled rejections and uncaught exceptions until `stop`: the failures a fuzz run must
 * never cause (in production either would stop the process).
 */
export function watchUnhandled(): { errors: unknown[]; stop: () => void } {
  const errors: unknown[] = [];
  const record = (error: unknown) => errors.push(error);
  process.on("unhandledRejection", record);
  process.on("uncaughtException", record);
  return {
    errors,
    stop: () => {
      process.off("unhandledRejection", record);
      process.off("uncaughtException", record);
    },
  };
}
