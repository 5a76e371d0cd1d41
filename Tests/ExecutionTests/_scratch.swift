// local scratch until the helper's tests merge
