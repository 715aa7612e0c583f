import classes from "./SkipLink.module.css";

/** The first stop for keyboard users: jumps past the header to the page's content. */
export function SkipLink() {
  return (
    <a href="#main" className={classes.skipLink}>
      Skip to main content
    </a>
  );
}
