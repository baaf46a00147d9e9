export { keep } from "../../private/stateful";
