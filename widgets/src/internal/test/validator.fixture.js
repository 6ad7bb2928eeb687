// Test fixture with the shape of an Ajv standalone validator module (https://ajv.js.org/standalone.html):
// a default-exported function that returns a boolean and leaves Ajv error objects in `validate.errors`.
// It encodes the case-create schema used by the widget tests: `title` required, at most 20 characters,
// no unknown properties.
const known = ['title', 'casetypecode', 'prioritycode', 'description', 'customerid', 'ownerid', 'followupby'];

export default function validate(data) {
  const errors = [];
  if (data.title === undefined) {
    errors.push({
      instancePath: '',
      keyword: 'required',
      params: { missingProperty: 'title' },
      message: "must have required property 'title'",
    });
  } else if (typeof data.title === 'string' && data.title.length > 20) {
    errors.push({
      instancePath: '/title',
      keyword: 'maxLength',
      params: { limit: 20 },
      message: 'must NOT have more than 20 characters',
    });
  }
  for (const key of Object.keys(data)) {
    if (!known.includes(key)) {
      errors.push({
        instancePath: '',
        keyword: 'additionalProperties',
        params: { additionalProperty: key },
        message: 'must NOT have additional properties',
      });
    }
  }
  validate.errors = errors.length ? errors : null;
  return errors.length === 0;
}
